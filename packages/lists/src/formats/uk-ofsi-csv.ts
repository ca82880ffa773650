/**
 * HM Treasury / OFSI Consolidated List, legacy CSV ("ConList"): a "Last Updated" line, a header line, then one row
 * per name, repeated for every date of birth, address, etc. of the same designation (its Group ID). Rows of one
 * group are not adjacent, so groups are gathered and emitted at the end, in order of first appearance.
 */
import { toCountryCode } from '../countries.js';
import { parseBirthDate } from '../dates.js';
import { finishEntity, newEntity, type EntityDraft } from '../entity.js';
import { ListParseError } from '../errors.js';
import { readCsvRows } from '../io/csv.js';
import type { ProgressTracker } from '../io/files.js';
import type { EntityName, EntityType, SanctionedEntity } from '../model.js';
import { joinNameParts, makeName } from '../names.js';
import { collapseWhitespace } from '../text.js';

const REQUIRED_COLUMNS = ['Name 6', 'Group Type', 'Alias Type', 'Group ID'] as const;

function entityType(published: string): EntityType {
  switch (published.trim().toLowerCase()) {
    case 'individual':
      return 'individual';
    case 'entity':
      return 'entity';
    case 'ship':
      return 'vessel';
    default:
      return 'unknown';
  }
}

function nameKind(aliasType: string): EntityName['kind'] {
  const t = aliasType.trim().toLowerCase();
  if (t === 'prime alias' || t === 'primary name') return 'primary';
  if (t === 'fka') return 'fka';
  if (t.startsWith('low') || t === 'weak') return 'weak';
  return 'aka';
}

/** "1) Saudi Arabia 2) Qatar", "(1) Afghan (2) Pakistani", "a) X b) Y" -> the items. */
export function splitNumberedList(text: string): string[] {
  return text
    .split(/\(?\b(?:\d{1,2}|[a-h])\)\s*/u)
    .map((item) => collapseWhitespace(item).replace(/[.,;]$/u, ''))
    .filter((item) => item !== '');
}

type Row = (column: string) => string;

function addRow(draft: EntityDraft, get: Row): void {
  const given = joinNameParts(['Name 1', 'Name 2', 'Name 3', 'Name 4', 'Name 5'].map(get));
  const family = collapseWhitespace(get('Name 6'));
  const name = makeName(joinNameParts([given, family]), nameKind(get('Alias Type')), { given, family });
  if (name) draft.names.push(name);
  if (get('DOB').trim() !== '') draft.birthDates.push(parseBirthDate(get('DOB')));
  const birthPlace = [get('Town of Birth'), get('Country of Birth')].map(collapseWhitespace).filter(Boolean).join(', ');
  if (birthPlace !== '') draft.placesOfBirth.push(birthPlace);
  draft.nationalities.push(...splitNumberedList(get('Nationality')).map(toCountryCode));
  const passport = collapseWhitespace(get('Passport Details'));
  if (passport !== '') draft.identifiers.push({ type: 'Passport', value: passport });
  const national = collapseWhitespace(get('NI Number'));
  if (national !== '') draft.identifiers.push({ type: 'National ID No.', value: national });
  const addressParts = [
    'Address 1',
    'Address 2',
    'Address 3',
    'Address 4',
    'Address 5',
    'Address 6',
    'Post/Zip Code',
    'Country',
  ]
    .map((c) => collapseWhitespace(get(c)))
    .filter((p) => p !== '');
  if (addressParts.length > 0) {
    const country = collapseWhitespace(get('Country'));
    draft.addresses.push(
      country === ''
        ? { full: addressParts.join(', ') }
        : { full: addressParts.join(', '), country: toCountryCode(country) },
    );
  }
  const regime = collapseWhitespace(get('Regime'));
  if (regime !== '') draft.programs.push(regime);
  const other = collapseWhitespace(get('Other Information'));
  if (other !== '' && draft.remarks === undefined) draft.remarks = other;
}

/** Streams the designations of an OFSI ConList CSV, one entity per Group ID. */
export async function* readOfsiCsv(
  path: string,
  progress: ProgressTracker,
  onFallback: () => void,
  onPublished: (date: string) => void,
): AsyncGenerator<SanctionedEntity> {
  let header: string[] | undefined;
  const groups = new Map<string, EntityDraft>();
  for await (const row of readCsvRows(path, progress, { onFallback })) {
    if (header === undefined) {
      if (row.fields[0]?.trim().toLowerCase() === 'last updated') {
        onPublished(row.fields[1]?.trim() ?? '');
        continue;
      }
      header = row.fields.map((f) => f.trim());
      const missing = REQUIRED_COLUMNS.filter((c) => !header!.includes(c));
      if (missing.length > 0) {
        throw new ListParseError('NOT_A_LIST', `${path}: not an OFSI ConList CSV (no ${missing.join(', ')} column)`, {
          file: path,
          line: row.line,
        });
      }
      continue;
    }
    const columns = header;
    if (row.fields.length !== columns.length) {
      throw new ListParseError(
        'MALFORMED_CSV',
        `${path}:${row.line}: ${row.fields.length} columns, header has ${columns.length}`,
        {
          file: path,
          line: row.line,
        },
      );
    }
    const get: Row = (column) => row.fields[columns.indexOf(column)] ?? '';
    const id = get('Group ID').trim();
    const draft = groups.get(id) ?? newEntity('uk-ofsi', id, entityType(get('Group Type')));
    groups.set(id, draft);
    addRow(draft, get);
  }
  for (const draft of groups.values()) {
    // Rows can come in any order; the primary name leads whatever row carried it.
    draft.names.sort((a, b) => Number(b.kind === 'primary') - Number(a.kind === 'primary'));
    yield finishEntity(draft);
  }
}
