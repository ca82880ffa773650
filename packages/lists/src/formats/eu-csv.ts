/**
 * EU consolidated financial sanctions list, legacy CSV (v1.0): `;`-separated, one row per detail (a name alias,
 * an address, a birth date, an identification or a citizenship) of an entity (Entity_logical_id). Some copies wrap
 * every line in one pair of quotes with trailing tabs (a spreadsheet export); such lines are unwrapped first.
 */
import { parse as parseSync } from 'csv-parse/sync';
import { toCountryCode } from '../countries.js';
import { parseBirthDate } from '../dates.js';
import { finishEntity, newEntity, type EntityDraft } from '../entity.js';
import { ListParseError } from '../errors.js';
import { readCsvRows } from '../io/csv.js';
import type { ProgressTracker } from '../io/files.js';
import type { EntityType, Identifier, SanctionedEntity } from '../model.js';
import { joinNameParts, makeName } from '../names.js';
import { collapseWhitespace } from '../text.js';

/** EU subject type code -> the model's type. */
export function euEntityType(code: string): EntityType {
  switch (code.trim().toUpperCase()) {
    case 'P':
      return 'individual';
    case 'E':
      return 'entity';
    default:
      return 'unknown';
  }
}

/** EU gender code (M / F / ?) -> the word OFAC and the UN use. */
export function euGender(code: string | undefined): string | undefined {
  switch ((code ?? '').trim().toUpperCase()) {
    case 'M':
      return 'Male';
    case 'F':
      return 'Female';
    default:
      return undefined;
  }
}

/** "AD001095 (passport-National passport) ((passport))" -> number and document type. */
export function euIdentification(published: string, country: string): Identifier | undefined {
  const text = collapseWhitespace(published.replace(/^"|"$/gu, ''));
  if (text === '') return undefined;
  const m = /^(.*?)\s*\(([^()]*)\)/u.exec(text);
  const value = m ? m[1]!.trim() : text;
  const kind = m ? m[2]!.split('-').slice(1).join('-').trim() || m[2]!.trim() : '';
  const id: Identifier = { type: kind || 'Identification', value: value || text };
  if (country.trim() !== '') id.country = toCountryCode(country);
  return id;
}

/** Name alias rows carry their own logical id; the lowest is taken as the entity's primary name. */
interface PendingName {
  logicalId: number;
  whole: string;
  given: string;
  family: string;
}

interface Pending {
  draft: EntityDraft;
  names: PendingName[];
}

type Row = (column: string) => string;

function unwrap(fields: string[]): string[] {
  if (fields.length !== 1 || !fields[0]!.includes(';')) return fields;
  const inner = fields[0]!.replace(/\t+$/u, '');
  const [record] = parseSync(inner, { delimiter: ';', relax_quotes: true, relax_column_count: true }) as string[][];
  return record ?? [];
}

function addRow(pending: Pending, get: Row): void {
  const { draft } = pending;
  const programme = get('Programme').trim();
  if (programme !== '') draft.programs.push(programme);
  const remark = collapseWhitespace(get('Entity_remark'));
  if (remark !== '' && draft.remarks === undefined) draft.remarks = remark;
  const reference = get('EU_ref_num').trim();
  if (reference !== '' && !draft.identifiers.some((i) => i.type === 'EU Reference Number')) {
    draft.identifiers.push({ type: 'EU Reference Number', value: reference });
  }
  const given = joinNameParts([get('Naal_firstname'), get('Naal_middlename')]);
  const family = collapseWhitespace(get('Naal_lastname'));
  const whole = collapseWhitespace(get('Naal_wholename')) || joinNameParts([given, family]);
  if (get('Naal_logical_id').trim() !== '' && whole !== '') {
    pending.names.push({ logicalId: Number(get('Naal_logical_id')) || 0, whole, given, family });
    const gender = euGender(get('Naal_gender'));
    if (gender !== undefined) draft.gender = gender;
  }
  const addressParts = ['Addr_number', 'Addr_street', 'Addr_zipcode', 'Addr_city', 'Addr_country', 'Addr_other']
    .map((c) => collapseWhitespace(get(c)))
    .filter(Boolean);
  if (get('Addr_logical_id').trim() !== '' && addressParts.length > 0) {
    const country = get('Addr_country').trim();
    draft.addresses.push(
      country === ''
        ? { full: addressParts.join(', ') }
        : { full: addressParts.join(', '), country: toCountryCode(country) },
    );
  }
  if (get('Birt_logical_id').trim() !== '') {
    const date = get('Birt_date').trim();
    if (date !== '' && date.toUpperCase() !== 'N/A') draft.birthDates.push(parseBirthDate(date));
    const place = [get('Birt_place'), get('Birt_country')].map(collapseWhitespace).filter(Boolean).join(', ');
    if (place !== '') draft.placesOfBirth.push(place);
  }
  if (get('Iden_logical_id').trim() !== '') {
    const id = euIdentification(get('Iden_number'), get('Iden_country'));
    if (id) draft.identifiers.push(id);
  }
  const citizenship = get('Citi_country').trim();
  if (get('Citi_logical_id').trim() !== '' && citizenship !== '') draft.citizenships.push(toCountryCode(citizenship));
}

function finish(pending: Pending): SanctionedEntity {
  const names = [...pending.names].sort((a, b) => a.logicalId - b.logicalId);
  for (const n of names) {
    const primary = pending.draft.names.length === 0;
    const name = makeName(n.whole, primary ? 'primary' : 'aka', { given: n.given, family: n.family });
    if (name) pending.draft.names.push(name);
    else pending.draft.flags.push('unparsed-fields');
  }
  return finishEntity(pending.draft);
}

/** Streams the entities of an EU legacy CSV; entities are emitted at the end as their rows are not grouped. */
export async function* readEuCsv(
  path: string,
  progress: ProgressTracker,
  onFallback: () => void,
): AsyncGenerator<SanctionedEntity> {
  let header: string[] | undefined;
  const entities = new Map<string, Pending>();
  for await (const row of readCsvRows(path, progress, { delimiter: ';', onFallback })) {
    const fields = unwrap(row.fields).map((f) => f.replace(/\t+$/u, ''));
    if (header === undefined) {
      header = fields.map((f) => f.trim());
      if (!header.includes('Entity_logical_id') || !header.includes('Subject_type')) {
        throw new ListParseError(
          'NOT_A_LIST',
          `${path}: not an EU legacy CSV (no Entity_logical_id / Subject_type column)`,
          {
            file: path,
            line: row.line,
          },
        );
      }
      continue;
    }
    const columns = header;
    // Entity_logical_id repeats in every section; the first (entity) column is the one indexOf finds.
    const get: Row = (column) => fields[columns.indexOf(column)] ?? '';
    const id = get('Entity_logical_id').trim();
    if (!/^\d+$/u.test(id)) {
      throw new ListParseError('MALFORMED_CSV', `${path}:${row.line}: Entity_logical_id "${id}" is not a number`, {
        file: path,
        line: row.line,
      });
    }
    const pending = entities.get(id) ?? { draft: newEntity('eu', id, euEntityType(get('Subject_type'))), names: [] };
    entities.set(id, pending);
    addRow(pending, get);
  }
  for (const pending of entities.values()) yield finish(pending);
}
