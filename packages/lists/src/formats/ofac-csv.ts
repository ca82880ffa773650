/**
 * OFAC legacy CSV sets: SDN (sdn.csv, add.csv, alt.csv, sdn_comments.csv) and Consolidated (cons_prim.csv,
 * cons_add.csv, cons_alt.csv, cons_comments.csv), layout per OFAC's data specification. Addresses, aliases and
 * remark continuations are read first and held by ent_num; the main file is then streamed and each row is emitted
 * as a finished entity.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { toCountryCode } from '../countries.js';
import { toDigitalCurrencyAddress } from '../crypto-addresses.js';
import { finishEntity, newEntity } from '../entity.js';
import { ListParseError, type ParseIssue } from '../errors.js';
import { fileSize, type ProgressTracker } from '../io/files.js';
import { readCsvRows, type CsvRow } from '../io/csv.js';
import type { EntityName, PostalAddress, SanctionedEntity, SourceKind, VesselDetails } from '../model.js';
import { makeName } from '../names.js';
import { collapseWhitespace } from '../text.js';
import { ofacAliasKind, ofacEntityType, ofacPrograms, splitIndividualName } from './ofac-common.js';
import { parseOfacRemarks } from './ofac-remarks.js';

/** OFAC cuts the remarks column at this many characters; the rest goes to the comments (spillover) file. */
export const OFAC_REMARKS_LIMIT = 1000;

/** The files of one OFAC CSV set, resolved in a folder. */
export interface OfacCsvSet {
  source: Extract<SourceKind, 'ofac-sdn' | 'ofac-consolidated'>;
  main: string;
  addresses?: string;
  aliases?: string;
  /** Absent when the set was published or archived without its spillover file. */
  comments?: string;
}

const SET_NAMES = {
  'ofac-sdn': { main: 'sdn.csv', addresses: 'add.csv', aliases: 'alt.csv', comments: 'sdn_comments.csv' },
  'ofac-consolidated': {
    main: 'cons_prim.csv',
    addresses: 'cons_add.csv',
    aliases: 'cons_alt.csv',
    comments: 'cons_comments.csv',
  },
} as const;

/** Finds the CSV set in `folder` (file names matched case-insensitively, as OFAC has published both cases). */
export async function resolveOfacCsvSet(folder: string, wanted?: SourceKind): Promise<OfacCsvSet> {
  let entries: string[];
  try {
    entries = await readdir(folder);
  } catch (error) {
    throw new ListParseError('FILE_UNREADABLE', `cannot read folder ${folder}: ${(error as Error).message}`, {
      file: folder,
      cause: error,
    });
  }
  const find = (name: string): string | undefined => {
    const hit = entries.find((e) => e.toLowerCase() === name);
    return hit === undefined ? undefined : join(folder, hit);
  };
  const kinds = (['ofac-sdn', 'ofac-consolidated'] as const).filter((k) => wanted === undefined || wanted === k);
  for (const source of kinds) {
    const names = SET_NAMES[source];
    const main = find(names.main);
    if (main === undefined) continue;
    return {
      source,
      main,
      addresses: find(names.addresses),
      aliases: find(names.aliases),
      comments: find(names.comments),
    };
  }
  const expected = kinds.map((k) => SET_NAMES[k].main).join(' or ');
  throw new ListParseError('MISSING_FILE', `${folder}: no ${expected} found`, { file: folder });
}

/** Total bytes of the set's files, for progress. */
export async function ofacCsvSetSize(set: OfacCsvSet): Promise<number> {
  const files = [set.main, set.addresses, set.aliases, set.comments].filter((f): f is string => f !== undefined);
  const sizes = await Promise.all(files.map(fileSize));
  return sizes.reduce((a, b) => a + b, 0);
}

/** OFAC's null is "-0-", usually followed by a space. */
function cell(value: string | undefined): string {
  const v = (value ?? '').trim();
  return v === '-0-' ? '' : v;
}

function vesselDetails(fields: string[]): VesselDetails {
  const columns: Array<[keyof VesselDetails, number]> = [
    ['callSign', 5],
    ['vesselType', 6],
    ['tonnage', 7],
    ['grossRegisteredTonnage', 8],
    ['flag', 9],
    ['owner', 10],
  ];
  const vessel: VesselDetails = {};
  for (const [key, column] of columns) {
    const value = cell(fields[column]);
    if (value !== '') vessel[key] = value;
  }
  return vessel;
}

function expectRow(row: CsvRow, file: string, columns: number): string[] {
  const id = row.fields[0]?.trim() ?? '';
  if (row.fields.length !== columns || !/^\d+$/u.test(id)) {
    throw new ListParseError(
      'MALFORMED_CSV',
      `${file}:${row.line}: expected ${columns} columns starting with a numeric ent_num, got ${row.fields.length}`,
      { file, line: row.line },
    );
  }
  return row.fields;
}

interface Numbered<T> {
  num: number;
  value: T;
}

/** Reads a linked file (aliases, addresses) into lists by ent_num, ordered by their own row number. */
async function readLinked<T>(
  file: string | undefined,
  columns: number,
  progress: ProgressTracker,
  map: (fields: string[]) => T | undefined,
): Promise<Map<string, T[]>> {
  const byEntity = new Map<string, Array<Numbered<T>>>();
  if (file !== undefined) {
    for await (const row of readCsvRows(file, progress)) {
      const fields = expectRow(row, file, columns);
      const value = map(fields);
      if (value === undefined) continue;
      const list = byEntity.get(fields[0]!.trim()) ?? [];
      list.push({ num: Number(cell(fields[1])) || 0, value });
      byEntity.set(fields[0]!.trim(), list);
    }
  }
  // Sorting by OFAC's row number makes the result independent of row order in the file.
  return new Map([...byEntity].map(([id, list]) => [id, list.sort((a, b) => a.num - b.num).map((n) => n.value)]));
}

async function readComments(file: string | undefined, progress: ProgressTracker): Promise<Map<string, string>> {
  const byEntity = new Map<string, string>();
  if (file === undefined) return byEntity;
  for await (const row of readCsvRows(file, progress)) {
    const fields = expectRow(row, file, 2);
    const id = fields[0]!.trim();
    byEntity.set(id, (byEntity.get(id) ?? '') + fields[1]!);
  }
  return byEntity;
}

function postalAddress(fields: string[]): PostalAddress | undefined {
  const parts = [cell(fields[2]), cell(fields[3]), cell(fields[4])].filter((p) => p !== '');
  if (parts.length === 0) return undefined;
  const address: PostalAddress = { full: collapseWhitespace(parts.join(', ')) };
  const country = cell(fields[4]);
  if (country !== '') address.country = toCountryCode(country);
  return address;
}

interface AliasRow {
  type: string;
  name: string;
}

function aliasRow(fields: string[]): AliasRow | undefined {
  const name = cell(fields[3]);
  return name === '' ? undefined : { type: cell(fields[2]), name };
}

/** The parts of a set that are joined to the main file, held in memory while it streams. */
export interface OfacLinkedData {
  addresses: Map<string, PostalAddress[]>;
  aliases: Map<string, AliasRow[]>;
  comments: Map<string, string>;
  /** Whether the set came with its comments (spillover) file at all. */
  hasComments: boolean;
}

/**
 * One main-file row plus its linked rows -> the entity. `remarks` longer than OFAC's limit came from a spillover
 * row; a remark of exactly the limit with no spillover file available is taken as cut.
 */
export function ofacCsvEntity(
  source: SourceKind,
  fields: string[],
  linked: OfacLinkedData,
): { entity: SanctionedEntity; issues: Array<Omit<ParseIssue, 'file'>> } {
  const id = fields[0]!.trim();
  const issues: Array<Omit<ParseIssue, 'file'>> = [];
  const publishedType = cell(fields[2]);
  const type = ofacEntityType(publishedType);
  const draft = newEntity(source, id, type ?? 'unknown');
  if (type === undefined) {
    draft.flags.push('unparsed-fields');
    issues.push({
      severity: 'warning',
      code: 'unknown-type',
      message: `unknown SDN_Type "${publishedType}"`,
      entityId: id,
    });
  }
  const individual = type === 'individual';
  const named = (full: string, kind: EntityName['kind']): EntityName | undefined =>
    makeName(full, kind, individual ? splitIndividualName(collapseWhitespace(full)) : {});
  const primary = named(cell(fields[1]), 'primary');
  if (primary) draft.names.push(primary);
  for (const alias of linked.aliases.get(id) ?? []) {
    const name = named(alias.name, ofacAliasKind(alias.type));
    if (name) draft.names.push(name);
  }
  draft.programs.push(...ofacPrograms(cell(fields[3])));
  const title = collapseWhitespace(cell(fields[4]));
  if (title !== '') draft.title = title;
  const callSign = cell(fields[5]);
  if (callSign !== '') draft.identifiers.push({ type: 'Call Sign', value: callSign });
  draft.vessel = vesselDetails(fields);
  draft.addresses.push(...(linked.addresses.get(id) ?? []));

  // Not trimmed: a cut can fall just after a space, and the continuation is appended with no separator.
  const published = fields[11]!.trim() === '-0-' ? '' : fields[11]!;
  const continuation = linked.comments.get(id);
  const remarks = continuation === undefined ? published : published + continuation;
  const truncated = continuation === undefined && !linked.hasComments && published.length >= OFAC_REMARKS_LIMIT;
  if (remarks.trim() !== '') draft.remarks = remarks.trim();
  const facts = parseOfacRemarks(remarks, { truncated });
  if (truncated) draft.flags.push('remarks-truncated');
  if (facts.fragmentDropped) draft.flags.push('address-fragment-dropped');
  for (const alias of facts.weakAliases) {
    const name = makeName(alias, 'weak');
    if (name) draft.names.push(name);
  }
  draft.birthDates.push(...facts.birthDates);
  draft.placesOfBirth.push(...facts.placesOfBirth);
  draft.nationalities.push(...facts.nationalities);
  draft.citizenships.push(...facts.citizenships);
  draft.identifiers.push(...facts.identifiers);
  if (facts.gender !== undefined) draft.gender = facts.gender;
  draft.digitalCurrencyAddresses.push(...facts.addresses.map((a) => toDigitalCurrencyAddress(a.ticker, a.address)));
  return { entity: finishEntity(draft), issues };
}

/** Streams the entities of an OFAC CSV set; linked-file rows whose ent_num is not in the main file are reported. */
export async function* readOfacCsvSet(
  set: OfacCsvSet,
  progress: ProgressTracker,
  report: (issue: ParseIssue) => void,
): AsyncGenerator<SanctionedEntity> {
  const linked: OfacLinkedData = {
    comments: await readComments(set.comments, progress),
    aliases: await readLinked(set.aliases, 5, progress, aliasRow),
    addresses: await readLinked(set.addresses, 6, progress, postalAddress),
    hasComments: set.comments !== undefined,
  };
  if (set.comments === undefined) {
    report({
      severity: 'warning',
      code: 'comments-file-missing',
      message: `no remarks spillover file beside ${set.main}: remarks cut at ${OFAC_REMARKS_LIMIT} characters stay cut`,
      file: set.main,
    });
  }
  const seen = new Set<string>();
  for await (const row of readCsvRows(set.main, progress)) {
    const fields = expectRow(row, set.main, 12);
    const id = fields[0]!.trim();
    if (seen.has(id)) {
      throw new ListParseError('MALFORMED_CSV', `${set.main}:${row.line}: ent_num ${id} appears twice`, {
        file: set.main,
        line: row.line,
      });
    }
    seen.add(id);
    const { entity, issues } = ofacCsvEntity(set.source, fields, linked);
    for (const issue of issues) report({ ...issue, file: set.main, line: row.line });
    yield entity;
  }
  const orphans: Array<[string | undefined, Iterable<string>]> = [
    [set.aliases, linked.aliases.keys()],
    [set.addresses, linked.addresses.keys()],
    [set.comments, linked.comments.keys()],
  ];
  for (const [file, ids] of orphans) {
    for (const id of ids) {
      if (!seen.has(id)) {
        report({
          severity: 'warning',
          code: 'orphan-row',
          message: `ent_num ${id} is not in ${set.main}`,
          file,
          entityId: id,
        });
      }
    }
  }
}
