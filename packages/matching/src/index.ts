/**
 * Transliteration-aware fuzzy name matching with an indexed candidate search. Pure: no I/O, clock, randomness
 * or logging. Scripts: Latin, Cyrillic (Russian, Ukrainian, Belarusian, Serbian/Macedonian, Kazakh letters),
 * Greek, Arabic and Persian, Hebrew (consonant skeletons) by rules of its own; every other script romanised by
 * any-ascii, with cross-script class keys (cross-script.ts) where scripts lack each other's sounds.
 */
export { analyseName, type AnalysedName, type NameToken } from './analyse.js';
export {
  compareDob,
  compareNationality,
  corroborate,
  type DobEvidence,
  type ListedBirthDate,
  type NationalityEvidence,
} from './corroborate.js';
export {
  buildNameIndex,
  NameIndex,
  type MatchableName,
  type MatchableParty,
  type MatchFeatures,
  type NameMatch,
  type NameQuery,
  type SearchOptions,
} from './name-index.js';
export { phoneticKey, skeleton } from './phonetic.js';
export { scoreName, tokenSimilarity, type NameScoreDetail, type TokenPair, type WeightedToken } from './score.js';
export { jaro, jaroWinkler } from './similarity.js';
export { classKey, classKeys, MIN_CLASS_KEY } from './cross-script.js';
export { detectScript, isVowelless, romanise, ROMANISER, type Script } from './transliterate.js';
export { HANJA_READINGS } from './hanja.js';
export { canonicalVariant } from './variants.js';
export type { TokenRole } from './vocabulary.js';

import { HANJA_READINGS } from './hanja.js';
import { ROMANISER } from './transliterate.js';

/**
 * Version of the matching algorithm and of the tables it reads with (the romaniser, the Sino-Korean readings); part
 * of every decision's engine version.
 */
export const MATCHING_VERSION = `0.11.0+${ROMANISER}+${HANJA_READINGS}`;
