/**
 * String similarity on phonetic keys. Keys are short ASCII strings, so a plain Jaro-Winkler with reused scratch
 * buffers is fast enough to run on every candidate pair without allocation.
 */

const MAX_KEY = 64;
const matchedA = new Uint8Array(MAX_KEY);
const matchedB = new Uint8Array(MAX_KEY);

/** Jaro similarity in [0,1]; 1 for identical strings, 0 when nothing matches. Keys beyond 64 chars are cut. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = Math.min(a.length, MAX_KEY);
  const lb = Math.min(b.length, MAX_KEY);
  if (la === 0 || lb === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(lb - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (matchedB[j] === 0 && a.charCodeAt(i) === b.charCodeAt(j)) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[k] === 0) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) transpositions++;
    k++;
  }
  const m = matches;
  return (m / la + m / lb + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity in [0,1]: Jaro boosted by a common prefix of up to 4 characters (scale 0.1). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  if (j === 1 || j === 0) return j;
  const limit = Math.min(4, a.length, b.length);
  let prefix = 0;
  while (prefix < limit && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return j + prefix * 0.1 * (1 - j);
}
