/** Pieces shared by OFAC's CSV and XML parsers. Pure. */
import type { EntityType } from '../model.js';
import { collapseWhitespace } from '../text.js';
import type { NameKind } from '../names.js';

/** OFAC's SDN_Type / sdnType -> the model's type; OFAC leaves entities untyped ("-0-") in the CSV. */
export function ofacEntityType(published: string): EntityType | undefined {
  switch (published.trim().toLowerCase()) {
    case '':
    case 'entity':
      return 'entity';
    case 'individual':
      return 'individual';
    case 'vessel':
      return 'vessel';
    case 'aircraft':
      return 'aircraft';
    default:
      return undefined;
  }
}

/** OFAC's alias type ("aka", "a.k.a.", "fka", "n.k.a.") and quality ("weak") -> the model's name kind. */
export function ofacAliasKind(type: string, category = 'strong'): NameKind {
  if (category.trim().toLowerCase() === 'weak') return 'weak';
  const t = type.replace(/[.\s]/gu, '').toLowerCase();
  if (t === 'fka') return 'fka';
  if (t === 'nka') return 'nka';
  return 'aka';
}

/** "SDGT] [IRGC" (CSV) or one <program> (XML) -> program codes. */
export function ofacPrograms(published: string): string[] {
  return published
    .split(/\]\s*\[/u)
    .map((p) => collapseWhitespace(p.replace(/[[\]]/gu, '')))
    .filter((p) => p !== '');
}

/**
 * Given and family names from OFAC's "LAST, First" form, used for individuals only (an entity's comma is part of
 * its name: "CIMEX, S.A.").
 */
export function splitIndividualName(full: string): { given?: string; family?: string } {
  const at = full.indexOf(', ');
  if (at <= 0) return {};
  return { family: full.slice(0, at), given: full.slice(at + 2) };
}
