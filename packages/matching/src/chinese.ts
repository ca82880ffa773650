/**
 * Chinese personal names: written in Han characters as family name and given name (王 晨, 明宏 高, 张雷), listed in
 * Latin syllable by syllable in Hanyu Pinyin (ZHANG Lei, HAO Mingjin), Wade-Giles (CHANG Chin-hua, HSU) or the
 * Cantonese, Hokkien and older spellings people use (WONG, CHAN, LEUNG, TSAI). Such names are not transcriptions:
 * each syllable has a few fixed spellings, so a Han name of this form matches a listed name only when every
 * syllable, or every written word, is spelled as the listed word is (郝 hao is not GAO, 治 zhi is not JI), never by
 * the approximate cross-script keys that transcriptions of foreign names need.
 */
import anyAscii from 'any-ascii';

// Common Chinese family names (simplified and traditional forms), a one-character family name at either end of
// a Han name being what makes it read as a personal name.
const FAMILY_NAMES = new Set([
  ...'王李张張刘劉陈陳杨楊黄黃赵趙吴吳周徐孙孫马馬朱胡郭何高林罗羅郑鄭梁谢謝宋唐许許韩韓冯馮邓鄧曹彭曾肖萧蕭田董袁潘于蒋蔣蔡余杜叶葉程苏蘇魏吕呂丁任沈姚卢盧姜崔钟鍾谭譚陆陸汪范金石廖贾賈夏韦韋付方白邹鄒孟熊秦邱江尹薛闫閻段雷侯龙龍史陶黎贺賀顾顧毛郝龚龔邵万萬钱錢严嚴覃武戴莫孔向汤湯常温溫康施文牛樊葛邢安齐齊易乔喬伍庞龐颜顏倪庄莊聂聶章鲁魯岳翟殷詹申欧歐耿关關兰蘭焦俞左柳甘祝包宁寧尚符舒阮柯纪紀梅童凌毕畢单單季裴霍涂成苗谷盛曲翁冉骆駱蓝藍路游辛靳管柴蒙鲍鮑华華喻祁蒲房滕屈饶饒解牟艾尤阳陽时時穆农農司卓古吉缪繆简簡车車项項连連芦蘆麦麥褚娄婁窦竇戚岑景党宫宮费費卜冷晏席卫衛米柏宗瞿桂全佟应應臧闵閔苟邬鄔边邊卞姬师師和仇栾欒隋商刁沙荣榮巫寇桑郎甄丛叢仲虞敖巩鞏明佘池查麻苑迟遲邝鄺官封谈談匡鞠惠荆荊乐樂冀郁胥南班储儲原栗燕楚鄢劳勞谌諶奚皮粟冼蔺藺楼樓盘盤满滿闻聞位厉厲伊仝区區郜海阚闞花权權强強帅帥屠豆朴盖蓋练練廉禹井祖漆巴丰支卿国國狄平计計索宣晋晉相初门門云雲容敬来來扈晁芮都普阙闕浦戈伏鹿薄邸雍辜羊阿乌烏母裘亓修邰赫杭况況那宿鲜鮮印逯隆茹诸諸战戰慕危玉银銀亢嵇公哈湛宾賓戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴陰昝智幸奉植衡富尧堯闭閉由',
]);

// Two-character family names written as one word (欧阳 Ouyang, 司马 Sima).
const COMPOUND_FAMILY_NAMES = new Set([
  '欧阳',
  '歐陽',
  '司马',
  '司馬',
  '诸葛',
  '諸葛',
  '上官',
  '司徒',
  '皇甫',
  '东方',
  '東方',
  '令狐',
  '夏侯',
  '慕容',
  '尉迟',
  '尉遲',
  '长孙',
  '長孫',
  '宇文',
  '公孫',
  '公孙',
]);

const HAN_WORD = /^\p{Script=Han}+$/u;

/**
 * The name split into its syllables when it is written as a Chinese personal name: two or three words, all Han,
 * two to six characters in all; else undefined. A family name outside the common ones (see FAMILY_NAMES) is as
 * much a name, and a Japanese name in kanji (和也 阿部, 治 中村) is read by syllables too: whole, its Pinyin says
 * nothing of how it is written in Latin (Abe Kazuya), and its class keys tie it to listed names of like
 * consonants (治 中村 zhi zhongcun and JI, Songyan). One word stays whole: the same form is how Chinese writes
 * foreign names (塞瓦略斯 Cevallos); those of several words it joins with the interpunct (约瑟夫·拜登).
 */
export function chineseSyllables(name: string): string | undefined {
  const words = name.trim().split(/\s+/);
  if (words.length < 2 || words.length > 3 || !words.every((w) => HAN_WORD.test(w))) return undefined;
  const syllables = words.flatMap((w) => [...w]);
  if (syllables.length > 6) return undefined;
  return syllables.join(' ');
}

/**
 * How many characters of a Han word its family name takes when it starts with one (2 for a compound, 欧阳; 1 for
 * 王); 0 when it does not.
 */
export function chineseFamilyLength(word: string): number {
  const chars = [...word];
  if (COMPOUND_FAMILY_NAMES.has(chars.slice(0, 2).join(''))) return 2;
  return FAMILY_NAMES.has(chars[0] ?? '') ? 1 : 0;
}

/**
 * A one-word Han name that can also be read as a Chinese personal name (a family name first, two to four
 * characters): its syllables apart, and the family name apart from the given name (郝明金: 郝 明 金, 郝 明金);
 * empty otherwise. Such a word is searched these ways as well as whole.
 */
export function chineseWordForms(name: string): string[] {
  const word = name.trim();
  if (!HAN_WORD.test(word)) return [];
  const chars = [...word];
  if (chars.length < 2 || chars.length > 4) return [];
  const family = chineseFamilyLength(word);
  if (family === 0 || chars.length - family < 1 || chars.length - family > 2) return [];
  const given = chars.slice(family);
  const forms = [[chars.slice(0, family).join(''), ...given].join(' ')];
  if (given.length > 1) forms.push(`${chars.slice(0, family).join('')} ${given.join('')}`);
  return forms;
}

// Wade-Giles (apostrophes and umlauts dropped, as lists write it) of the Pinyin syllables whose spelling differs
// as a whole.
const WADE_GILES_WHOLE: Readonly<Record<string, readonly string[]>> = {
  zhi: ['chih'],
  chi: ['chih'],
  shi: ['shih'],
  ri: ['jih'],
  zi: ['tzu', 'tsu'],
  ci: ['tzu', 'tsu'],
  si: ['ssu', 'szu', 'sze'],
  yi: ['i'],
  you: ['yu'],
  ye: ['yeh'],
  yan: ['yen'],
  yong: ['yung'],
  er: ['erh'],
};

// Spellings of common syllables outside Pinyin and Wade-Giles: Cantonese (Hong Kong), Hokkien and Teochew
// (Taiwan, Singapore, Malaysia) and older postal spellings, as Chinese names are listed (WONG, CHAN, TAN, TSAI).
const OTHER_SPELLINGS: Readonly<Record<string, readonly string[]>> = {
  li: ['lee', 'lei', 'ly'],
  wang: ['wong', 'ong'],
  zhang: ['cheung', 'cheong', 'teo', 'chong'],
  liu: ['lau', 'lao', 'lew', 'low'],
  chen: ['chan', 'chin', 'tan', 'chun'],
  yang: ['yeung', 'young', 'yeo', 'yong'],
  huang: ['wong', 'hwang', 'ng', 'wee', 'oei'],
  zhao: ['chiu', 'chew', 'chao'],
  wu: ['woo', 'ng', 'goh', 'ong'],
  zhou: ['chow', 'chau', 'chew', 'chou'],
  xu: ['tsui', 'hui', 'koh', 'hsu', 'shu'],
  sun: ['suen', 'soon', 'sng'],
  ma: ['mah', 'beh'],
  zhu: ['choo', 'chue', 'gee'],
  hu: ['woo', 'foo', 'hoo', 'aw'],
  guo: ['kwok', 'kok', 'quek', 'kuo'],
  he: ['ho', 'hoh', 'hor'],
  lin: ['lam', 'lim', 'ling'],
  gao: ['kao', 'ko', 'kou'],
  luo: ['lo', 'law', 'loh', 'lor'],
  zheng: ['cheng', 'cheang', 'tay', 'teh'],
  liang: ['leung', 'leong', 'neo'],
  xie: ['tse', 'chia', 'seah', 'hsieh'],
  song: ['sung', 'soong'],
  tang: ['tong', 'tng'],
  han: ['hon'],
  feng: ['fung', 'fong'],
  deng: ['tang', 'teng'],
  cao: ['tso', 'cho', 'chou'],
  peng: ['pang', 'phang'],
  zeng: ['tsang', 'chan', 'tseng'],
  xiao: ['siu', 'seow', 'hsiao'],
  tian: ['tin', 'tien'],
  dong: ['tung'],
  pan: ['poon', 'phua'],
  yuan: ['yuen'],
  cai: ['tsai', 'choi', 'chua', 'choy'],
  jiang: ['chiang', 'keung', 'kong'],
  du: ['tu', 'to'],
  ye: ['yip', 'yap', 'yeh'],
  cheng: ['ching'],
  wei: ['wai', 'ngai'],
  lu: ['lo', 'loo', 'lui', 'lou', 'lo'],
  ding: ['ting'],
  shen: ['shum', 'sim', 'sham'],
  ren: ['yam', 'jen'],
  yao: ['yiu'],
  jin: ['kam', 'kim', 'chin'],
  qian: ['chin', 'chien'],
  fang: ['fong'],
  tan: ['tam'],
  liao: ['liu', 'liew'],
  zou: ['chau', 'chow'],
  xiong: ['hung', 'hsiung'],
  gu: ['koo', 'ku'],
  hou: ['hau'],
  qiu: ['yau', 'khoo', 'chiu'],
  jiao: ['chiu'],
  mo: ['mok'],
  mai: ['mak'],
  kuang: ['kwong'],
  guan: ['kwan'],
  ou: ['au'],
  lei: ['lui'],
  shi: ['sze', 'see'],
};

const WG_INITIALS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^zh/, 'ch'],
  [/^ch/, 'ch'],
  [/^sh/, 'sh'],
  [/^q/, 'ch'],
  [/^j/, 'ch'],
  [/^x/, 'hs'],
  [/^z/, 'ts'],
  [/^c/, 'ts'],
  [/^r/, 'j'],
  [/^b/, 'p'],
  [/^d/, 't'],
  [/^g/, 'k'],
];

/** Wade-Giles of one Pinyin syllable, without apostrophes and umlauts. */
export function wadeGiles(syllable: string): string[] {
  const whole = WADE_GILES_WHOLE[syllable];
  if (whole) return [...whole];
  const initial = /^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?/.exec(syllable)?.[0] ?? '';
  let final = syllable.slice(initial.length);
  let head = initial;
  for (const [pattern, replacement] of WG_INITIALS) {
    if (pattern.test(initial)) {
      head = initial.replace(pattern, replacement);
      break;
    }
  }
  final = final
    .replace(/^ong$/, 'ung')
    .replace(/^iong$/, 'iung')
    .replace(/^ian$/, 'ien')
    .replace(/^ie$/, 'ieh')
    .replace(/^ui$/, 'uei');
  // e after k, k' and h is o (ge ko, he ho); uo is o except after k, h, sh, ch.
  if (final === 'e' && /^[gkh]$/.test(initial)) final = 'o';
  if (final === 'uo' && !/^(?:g|k|h|sh|zh|ch)$/.test(initial)) final = 'o';
  return [head + final];
}

/** The usual Latin spellings of one Pinyin syllable (itself, Wade-Giles, the other spellings above). */
export function chineseSyllableSpellings(syllable: string): string[] {
  return [...new Set([syllable, ...wadeGiles(syllable), ...(OTHER_SPELLINGS[syllable] ?? [])])];
}

const MAX_SPELLINGS = 64;

/**
 * The Latin spellings of a word of Han characters read in Pinyin, syllable by syllable (明宏: minghong,
 * minghung, ...), or undefined when the word is not all Han or too long to be a personal name's word.
 */
export function chineseSpellings(word: string): string[] | undefined {
  if (!HAN_WORD.test(word)) return undefined;
  const chars = [...word];
  if (chars.length > 3) return undefined;
  let out = [''];
  for (const ch of chars) {
    const syllable = anyAscii(ch)
      .toLowerCase()
      .replace(/[^a-z]/g, '');
    if (syllable === '') return undefined;
    const next: string[] = [];
    for (const prefix of out) for (const s of chineseSyllableSpellings(syllable)) next.push(prefix + s);
    out = next.slice(0, MAX_SPELLINGS);
  }
  return out;
}
