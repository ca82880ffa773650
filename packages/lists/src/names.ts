/** Building the model's EntityName from what a publisher gives. Pure. */
import type { EntityName } from './model.js';
import { collapseWhitespace, detectScript } from './text.js';

/** How a publisher qualifies a name; see EntityName.kind. */
export type NameKind = EntityName['kind'];

// Some published copies replaced every character their encoding lacked with "?" (the EU's legacy CSV did so for
// Greek and Cyrillic names): such a name can only produce false hits.
function isDamaged(text: string): boolean {
  const visible = text.replace(/\s/gu, '');
  return visible.replace(/[^?]/gu, '').length * 2 > visible.length;
}

/**
 * A name with its script detected and its strength derived from its kind (the model's rule: primary, a.k.a. and
 * n.k.a. are strong; f.k.a. and weak aliases are weak). Returns undefined for an empty name, or one that is mostly
 * "?" (characters lost to a lossy encoding).
 */
export function makeName(
  full: string,
  kind: NameKind,
  parts: { given?: string | undefined; family?: string | undefined } = {},
): EntityName | undefined {
  const text = collapseWhitespace(full);
  if (text === '' || isDamaged(text)) return undefined;
  const name: EntityName = {
    full: text,
    kind,
    strength: kind === 'fka' || kind === 'weak' ? 'weak' : 'strong',
    script: detectScript(text),
  };
  const given = parts.given === undefined ? '' : collapseWhitespace(parts.given);
  const family = parts.family === undefined ? '' : collapseWhitespace(parts.family);
  if (given !== '') name.given = given;
  if (family !== '') name.family = family;
  return name;
}

/** Joins name parts in reading order, skipping empty ones. */
export function joinNameParts(parts: ReadonlyArray<string | undefined>): string {
  return collapseWhitespace(parts.filter((p) => p !== undefined && p.trim() !== '').join(' '));
}
