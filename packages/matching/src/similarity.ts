/**
 * String similarity on phonetic keys. Keys are short ASCII strings, so a plain Jaro-Winkler with reused scratch
 * buffers is fast enough to run on every candidate pair without allocation.
 */

const MAX_KEY = 64;
// Which characters of each side are matched: a slot is matched when it holds the current call's stamp, so no
// call has to clear the buffers.
const matchedA = new Uint32Array(MAX_KEY);
const matchedB = new Uint32Array(MAX_KEY);
const codesB = new Uint16Array(MAX_KEY);
let stamp = 0;

/** Jaro similarity in [0,1]; 1 for identical strings, 0 when nothing matches. Keys beyond 64 chars are cut. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  const la = Math.min(a.length, MAX_KEY);
  const lb = Math.min(b.length, MAX_KEY);
  if (la === 0 || lb === 0) return 0;
  if (stamp === 0xffffffff) {
    matchedA.fill(0);
    matchedB.fill(0);
    stamp = 0;
  }
  const now = ++stamp;
  for (let j = 0; j < lb; j++) codesB[j] = b.charCodeAt(j);
  const window = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const code = a.charCodeAt(i);
    const from = i > window ? i - window : 0;
    const to = i + window < lb - 1 ? i + window : lb - 1;
    for (let j = from; j <= to; j++) {
      if (matchedB[j] !== now && codesB[j] === code) {
        matchedA[i] = now;
        matchedB[j] = now;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (matchedA[i] !== now) continue;
    while (matchedB[k] !== now) k++;
    if (a.charCodeAt(i) !== codesB[k]) transpositions++;
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
