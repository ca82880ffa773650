/** Small pure text helpers shared by every parser. */

/** Trims and collapses every run of whitespace (including newlines and tabs) into one space. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/** Returns the collapsed text, or undefined when nothing but whitespace is left. */
export function nonEmpty(text: string | undefined | null): string | undefined {
  if (text === undefined || text === null) return undefined;
  const collapsed = collapseWhitespace(text);
  return collapsed === '' ? undefined : collapsed;
}

// ISO 15924 codes paired with the Unicode script property that identifies their letters. Order only matters
// for ties, which go to the script listed first.
const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Latn', /\p{Script=Latin}/u],
  ['Cyrl', /\p{Script=Cyrillic}/u],
  ['Arab', /\p{Script=Arabic}/u],
  ['Hani', /\p{Script=Han}/u],
  ['Hang', /\p{Script=Hangul}/u],
  ['Hira', /\p{Script=Hiragana}/u],
  ['Kana', /\p{Script=Katakana}/u],
  ['Grek', /\p{Script=Greek}/u],
  ['Hebr', /\p{Script=Hebrew}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Deva', /\p{Script=Devanagari}/u],
  ['Beng', /\p{Script=Bengali}/u],
  ['Guru', /\p{Script=Gurmukhi}/u],
  ['Gujr', /\p{Script=Gujarati}/u],
  ['Taml', /\p{Script=Tamil}/u],
  ['Telu', /\p{Script=Telugu}/u],
  ['Knda', /\p{Script=Kannada}/u],
  ['Mlym', /\p{Script=Malayalam}/u],
  ['Sinh', /\p{Script=Sinhala}/u],
  ['Geor', /\p{Script=Georgian}/u],
  ['Armn', /\p{Script=Armenian}/u],
  ['Ethi', /\p{Script=Ethiopic}/u],
  ['Mymr', /\p{Script=Myanmar}/u],
  ['Khmr', /\p{Script=Khmer}/u],
  ['Laoo', /\p{Script=Lao}/u],
  ['Tibt', /\p{Script=Tibetan}/u],
  ['Mong', /\p{Script=Mongolian}/u],
  ['Syrc', /\p{Script=Syriac}/u],
  ['Thaa', /\p{Script=Thaana}/u],
];

const LETTER = /\p{L}/u;

/**
 * ISO 15924 code of the script most of the letters of `text` belong to: Latn, Cyrl, Arab, Hani, ...
 * Japanese kana mixed with Han gives Jpan and Hangul mixed with Han gives Kore, as ISO 15924 defines them.
 * Text without letters (digits, punctuation) is Zyyy (common); letters of a script not listed here are Zzzz.
 */
export function detectScript(text: string): string {
  const counts = new Map<string, number>();
  for (const ch of text) {
    if (!LETTER.test(ch)) continue;
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? 'Zzzz';
    counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  if (counts.size === 0) return 'Zyyy';
  if (counts.has('Hani') && (counts.has('Hira') || counts.has('Kana'))) return 'Jpan';
  if (counts.has('Hani') && counts.has('Hang')) return 'Kore';
  let best = 'Zzzz';
  let bestCount = counts.get('Zzzz') ?? 0;
  for (const [script] of SCRIPTS) {
    const count = counts.get(script) ?? 0;
    if (count > bestCount) [best, bestCount] = [script, count];
  }
  return best;
}
