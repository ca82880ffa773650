/**
 * Korean personal names: written in Hangul as one word (이서진) or family name and given name apart (최 현정),
 * listed in Latin syllable by syllable (Lee Seo-jin, CHOE Hyon Jong) in the spellings people use rather than the
 * Revised Romanisation any-ascii writes (이 i for Lee, 최 choe for Choi, 성 seong for Sung). A name short enough
 * to be a Korean name, and starting or ending with a family name, is also searched split into its syllables,
 * each read in its usual spellings.
 */

// The common family names and their usual Latin spellings besides the Revised Romanisation.
const FAMILY_NAMES: Readonly<Record<string, readonly string[]>> = {
  김: ['kim', 'gim'],
  이: ['lee', 'yi', 'rhee', 'ri', 'li'],
  리: ['ri', 'lee', 'li'],
  박: ['park', 'pak', 'bak'],
  최: ['choi', 'choe', 'choy'],
  정: ['jung', 'jeong', 'chung', 'chong'],
  강: ['kang', 'gang'],
  조: ['cho', 'jo', 'joe'],
  윤: ['yoon', 'yun'],
  장: ['jang', 'chang'],
  임: ['lim', 'im', 'rim'],
  림: ['rim', 'lim'],
  한: ['han'],
  오: ['oh', 'o'],
  서: ['seo', 'suh', 'so'],
  신: ['shin', 'sin'],
  권: ['kwon', 'gwon'],
  황: ['hwang'],
  안: ['ahn', 'an'],
  송: ['song'],
  류: ['ryu', 'yoo', 'yu', 'ryoo'],
  유: ['yoo', 'yu'],
  홍: ['hong'],
  전: ['jeon', 'jun', 'chun', 'chon'],
  고: ['ko', 'go'],
  문: ['moon', 'mun'],
  손: ['son', 'sohn'],
  양: ['yang', 'ryang'],
  배: ['bae', 'pae'],
  백: ['baek', 'paik', 'paek'],
  허: ['heo', 'huh', 'hur'],
  노: ['noh', 'roh', 'no'],
  로: ['ro', 'roh'],
  남: ['nam'],
  심: ['shim', 'sim'],
  하: ['ha'],
  곽: ['kwak', 'gwak'],
  성: ['sung', 'seong'],
  차: ['cha'],
  주: ['joo', 'ju', 'chu'],
  우: ['woo', 'u'],
  구: ['koo', 'ku', 'gu'],
  민: ['min'],
  나: ['na', 'ra'],
  진: ['jin', 'chin'],
  지: ['ji', 'chi'],
  엄: ['um', 'eom'],
  채: ['chae'],
  원: ['won'],
  천: ['chun', 'cheon'],
  방: ['bang', 'pang'],
  공: ['kong', 'gong'],
  현: ['hyun', 'hyeon'],
  함: ['ham'],
  변: ['byun', 'byeon', 'pyon'],
  염: ['yeom', 'yum'],
  여: ['yeo', 'yo'],
  추: ['choo', 'chu'],
  도: ['do', 'toh'],
  석: ['seok', 'suk'],
  선: ['sun', 'seon'],
  설: ['seol', 'sul'],
  마: ['ma'],
  길: ['gil', 'kil'],
  연: ['yeon', 'yun'],
  표: ['pyo'],
  명: ['myung', 'myeong'],
  기: ['ki', 'gi'],
  반: ['ban', 'pan'],
  왕: ['wang'],
  금: ['keum', 'geum'],
  태: ['tae'],
  탁: ['tak'],
  국: ['kook', 'guk'],
  모: ['mo'],
  인: ['in'],
  제: ['je'],
  육: ['yook', 'yuk'],
  은: ['eun'],
  편: ['pyun', 'pyeon'],
  맹: ['maeng'],
};

const SYLLABLE = /^[\uac00-\ud7a3]+$/;

/** True for a syllable of a consonant and ㅡ alone, the vowel a closing consonant gets in a loanword (스, 트). */
function loanwordVowel(syllable: string): boolean {
  const index = (syllable.codePointAt(0) ?? 0) - 0xac00;
  const initial = Math.floor(index / 588);
  const medial = Math.floor((index % 588) / 28);
  // ㅡ is medial 18; 으 (silent initial 11) is a vowel of its own and 은, 음 have a final.
  return medial === 18 && index % 28 === 0 && initial !== 11;
}

/** Usual Latin spellings of one romanised given-name syllable besides the Revised Romanisation (seong: sung). */
export function syllableSpellings(romanised: string): string[] {
  const out = new Set<string>();
  // A closing ㄷ ㅂ ㅊ is t p t in every spelling (빛 bit), not the d b ch of the romaniser. A closing ㄱ is k too
  // (식 sik) but stays g here: read k, ordinary names such as 정식 김 agreed with the many North Koreans listed as
  // KIM Jong Sik or PAK Yong Sik, more than the false-hit budget allows.
  const closed = romanised.replace(/d$/, 't').replace(/b$/, 'p').replace(/ch$/, 't');
  // Initial plain stops are written voiceless in the older spellings (gi ki, dong tong, bum pum, jin chin).
  const initials = closed === romanised ? [romanised] : [closed, romanised];
  // An initial ㄹ is r in the North's spellings and silent in the South's (룡 lyong: Ryong, Yong).
  if (romanised.startsWith('l')) initials.push(`r${romanised.slice(1)}`, romanised.slice(1));
  const initial = /^(g|d|b|j)(?!j)/.exec(romanised);
  if (initial)
    initials.push(
      ({ g: 'k', d: 't', b: 'p', j: 'ch' } as Record<string, string>)[initial[1] as string] + closed.slice(1),
    );
  // ㅢ is ui or ee (희 Hui, Hee), an initial ㅜ is wu or woo (우 Woo, 운 Woon), ㅠ also you (유 You).
  if (/ui$/.test(closed)) initials.push(closed.replace(/ui$/, 'ee'));
  if (/^u/.test(closed)) initials.push(`w${closed}`, `wo${closed.slice(1)}`);
  // ㅅ before ㅣ is shi in the older spellings (식 shik).
  if (/^si/.test(closed)) initials.push(`sh${closed.slice(1)}`);
  if (/^yu/.test(closed)) initials.push(`yo${closed.slice(1)}`);
  for (const form of initials) {
    out.add(form);
    out.add(form.replace(/eo/, 'u'));
    out.add(form.replace(/eo/, 'o'));
    out.add(form.replace(/eu/, 'u'));
    out.add(form.replace(/(?<![aeo])u/, 'oo'));
    out.add(form.replace(/i$/, 'ee'));
    out.add(form.replace(/ae/, 'e'));
  }
  out.delete(romanised);
  return [...out].filter((spelling) => spelling !== '').slice(0, 16);
}

/**
 * The Latin spellings of one Hangul syllable as a syllable of a Korean name (romanised as `romanised`): the
 * Revised Romanisation, those of a family name and those of a given-name syllable. A Korean name split into its
 * syllables agrees with a listed name only in these, not in the readings of a foreign word (맷 mat, 식 sik).
 */
export function koreanSpellings(syllable: string, romanised: string): string[] {
  return [...new Set([romanised, ...(FAMILY_NAMES[syllable] ?? []), ...syllableSpellings(romanised)])];
}

// Spellings of each syllable a two-syllable given name written as one word is read in (their product is read).
const JOINED_SPELLINGS = 3;

/**
 * A two-syllable given name written as one word (태현 Taehyun, 찬희 Chanhee), in the usual spellings of its
 * syllables (`romanised`: each syllable's Revised Romanisation); empty for any other word.
 */
export function joinedGivenNameSpellings(word: string, romanised: readonly string[]): string[] {
  if ([...word].length !== 2 || romanised.length !== 2 || !SYLLABLE.test(word)) return [];
  const [first, second] = romanised.map((syllable) =>
    [syllable, ...syllableSpellings(syllable)].slice(0, JOINED_SPELLINGS),
  ) as [string[], string[]];
  return first.flatMap((a) => second.map((b) => a + b));
}

/** Usual Latin spellings of a one-syllable Hangul family name, or undefined. */
export function familyNameSpellings(syllable: string): readonly string[] | undefined {
  return FAMILY_NAMES[syllable];
}

/**
 * The name split into its syllables when it could be a Korean personal name: at most two words, two to four
 * syllables in all, one of them a one-syllable family name at either end (이서진, 최 현정, 서진 이), or two given
 * names of one or two syllables and a family name at either end (현준 민서 김, 김현준민서); else undefined.
 */
export function koreanSyllables(name: string): string | undefined {
  const words = name.trim().split(/\s+/);
  if (words.length > 3 || !words.every((w) => SYLLABLE.test(w))) return undefined;
  const syllables = words.flatMap((w) => [...w]);
  // Two given names and a family name are also written as one word (김현준민서), five syllables as apart.
  if (syllables.length < 2 || syllables.length > (words.length === 2 ? 4 : 5)) return undefined;
  // The vowel ㅡ the loanword orthography gives a closing consonant (스 s, 트 t, 르 r) is in no Korean name's
  // syllable: 로버트 is Robert, not the family name 로 and a given name.
  if (syllables.some(loanwordVowel)) return undefined;
  const lengths = words.map((w) => [...w].length);
  // A family name and a given name of one or two syllables (최 현정); 조 심프슨 is Joe Simpson.
  if (words.length === 2 && (Math.min(...lengths) !== 1 || Math.max(...lengths) > 2)) return undefined;
  // Two given names and a family name (현준 민서 김): given names of at most two syllables, the family name last
  // or first.
  if (words.length === 3 && (lengths.some((n) => n > 2) || (lengths[0] !== 1 && lengths[2] !== 1))) {
    return undefined;
  }
  const first = syllables[0] as string;
  const last = syllables[syllables.length - 1] as string;
  const family = words.length === 1 ? FAMILY_NAMES[first] : (FAMILY_NAMES[first] ?? FAMILY_NAMES[last]);
  return family ? syllables.join(' ') : undefined;
}

/**
 * A Korean name of a family name and a two-syllable given name (강승원, 승원 강) with the given name as one word,
 * as it is also listed (Seungwon Kang, Hyojin); else undefined.
 */
export function koreanJoinedName(name: string): string | undefined {
  const split = koreanSyllables(name);
  const syllables = split?.split(' ') ?? [];
  if (syllables.length !== 3 || name.trim().split(/\s+/).length > 2) return undefined;
  const [first, second, third] = syllables as [string, string, string];
  // The family name is the first syllable unless the name is written given name first (승원 강).
  const familyLast = /\s/.test(name.trim()) && [...(name.trim().split(/\s+/)[1] as string)].length === 1;
  return familyLast ? `${first}${second} ${third}` : `${first} ${second}${third}`;
}

// The Latin spellings of the family names above, for telling a listed Korean name.
const FAMILY_SPELLINGS: ReadonlySet<string> = new Set(Object.values(FAMILY_NAMES).flat());
// One romanised Korean syllable: an initial consonant or none, one of Korean's vowels as the lists spell them (not
// the au, aw or ei of Burmese names, KO, U Maung), a closing consonant or none.
const LATIN_SYLLABLE =
  /^(?:ch|kk|tt|pp|ss|jj|sh|[bcdghjklmnprstw])?(?:yeo|yae|yeu|wae|woe|ae|eo|eu|oe|ui|ya|ye|yo|yu|wa|we|wi|wo|oo|ee|a|e|i|o|u)(?:ng|[nmlkptgb])?$/;

/**
 * A listed Latin name of a Korean family name and a given name of two syllables apart (KIM, Jong Un; CHOE Ryong
 * Hae) with the given name joined ("kim jongun"), as it is also written (Kim Jongun, Choe Ryonghae); else undefined.
 * `words` are the name's words as analysed, family name first.
 */
export function joinedKoreanGivenName(words: readonly string[]): string | undefined {
  if (words.length !== 3) return undefined;
  const [family, first, second] = words as [string, string, string];
  if (!FAMILY_SPELLINGS.has(family) || !LATIN_SYLLABLE.test(first) || !LATIN_SYLLABLE.test(second)) return undefined;
  return `${family} ${first}${second}`;
}
