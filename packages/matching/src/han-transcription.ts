/**
 * Foreign names written in Han characters (塞瓦略斯 Cevallos, 弗里克塞尔 Fryxell, 科捷利尼科夫 Kotelnikov, 喬伊斯
 * Joyce). Chinese transcribes them syllable by syllable with a fixed set of characters (the Xinhua tables of
 * foreign-name transcription, and the older forms Taiwan and Hong Kong keep in traditional characters): 斯 is s,
 * 克 k, 尔/爾 r or l, 维/維 v or w, 瓦 va or wa. Read in Pinyin those characters lose what they stand for (瓦 wa
 * drops the v of Cevallos; 斯 si adds a syllable), so such a word is read here the way the tables write it, in
 * Latin letters, for class keys and closeness (see cross-script.ts and score.ts).
 */
import anyAscii from 'any-ascii';
import { chineseFamilyLength, chineseWordForms } from './chinese.js';
import { classKey, MIN_SHORT_CLASS_KEY } from './cross-script.js';
import { hanLearnedReadings } from './han-alignment.js';

// Latin readings of the transcription characters, first reading first. Simplified and traditional forms share
// a reading. Characters that write a bare consonant (斯 s, 克 k, 特 t, 德 d, 尔 r, 夫 f, 普 p, 布 b, 格 g, 姆 m,
// 兹 z, 茨 ts, 赫 h, 什 sh) are read without the vowel the syllable carries: the tables use them for a consonant
// with no vowel after it (Joyce 喬伊斯, Fryxell 弗里克塞尔).
const READINGS: ReadonlyArray<readonly [string, string]> = [
  // Vowels and glides.
  ['阿', 'a'],
  ['埃艾愛爱', 'e'],
  ['伊依', 'i'],
  ['奥奧欧歐殴', 'o'],
  ['乌烏武伍', 'u'],
  ['厄', 'e'],
  ['安', 'an'],
  ['恩', 'en'],
  ['因英', 'in'],
  ['昂', 'an'],
  ['翁', 'on'],
  ['尤优優', 'yu'],
  ['约約', 'jo'],
  ['耶叶葉', 'ye'],
  ['亚亞娅婭', 'ia'],
  ['雅', 'ya'],
  ['扬揚延', 'yan'],
  // b p
  ['巴芭', 'ba'],
  ['贝貝', 'be'],
  ['比畢毕必', 'bi'],
  ['博伯柏波', 'bo'],
  ['布勃卜', 'b'],
  ['拜', 'bai'],
  ['鲍鮑', 'bo'],
  ['本', 'ben'],
  ['邦', 'ban'],
  ['宾賓', 'bin'],
  ['班', 'ban'],
  ['别別', 'bie'],
  ['堡', 'burg'],
  ['帕', 'pa'],
  ['佩培裴', 'pe'],
  ['皮彼匹', 'pi'],
  ['普', 'p'],
  ['派', 'pai'],
  ['潘', 'pan'],
  ['彭', 'pen'],
  ['蓬', 'pon'],
  ['平', 'pin'],
  ['珀坡', 'po'],
  ['保', 'pau'],
  // m
  ['马馬玛瑪', 'ma'],
  ['梅美', 'me'],
  ['米密', 'mi'],
  ['莫摩默', 'mo'],
  ['穆木慕', 'mu'],
  ['姆', 'm'],
  ['迈邁麦麥', 'mai'],
  ['曼芒', 'man'],
  ['门門', 'men'],
  ['明敏', 'min'],
  ['蒙', 'mon'],
  ['缪繆', 'miu'],
  // The Russian мё (Semyonov 谢苗诺夫), which Latin spellings write me as often (Semenov).
  ['苗', 'mio'],
  // f v w
  ['法', 'fa'],
  ['费費斐', 'fe'],
  ['菲', 'fi'],
  ['福佛', 'fo'],
  ['富傅芙', 'fu'],
  ['夫弗', 'f'],
  ['范凡', 'fan'],
  ['芬', 'fen'],
  ['丰豐', 'fon'],
  ['瓦娃', 'va'],
  ['韦韋', 've'],
  ['维維薇', 'vi'],
  ['沃', 'vo'],
  ['伏', 'v'],
  ['文温溫', 'ven'],
  ['万萬旺', 'van'],
  ['威魏', 'wi'],
  ['华華', 'wa'],
  ['怀懷', 'wai'],
  // d t
  ['达達', 'da'],
  ['德', 'd'],
  ['迪狄第帝', 'di'],
  ['多朵', 'do'],
  ['杜度都', 'du'],
  ['代戴黛', 'da'],
  ['丹当當', 'dan'],
  ['登', 'den'],
  ['丁', 'din'],
  ['东東', 'don'],
  ['道', 'do'],
  ['敦', 'dun'],
  ['得', 'de'],
  ['顿頓', 'ton'],
  ['塔', 'ta'],
  ['特', 't'],
  ['蒂提缇堤', 'ti'],
  ['托陀', 'to'],
  ['图圖', 'tu'],
  ['泰太', 'tai'],
  ['坦汤湯唐', 'tan'],
  ['滕', 'ten'],
  ['廷汀', 'tin'],
  ['通', 'ton'],
  ['陶', 'to'],
  ['捷', 'te'],
  // n
  ['纳納娜那拿', 'na'],
  ['内內奈涅', 'ne'],
  ['尼妮', 'ni'],
  ['诺諾', 'no'],
  ['努奴', 'nu'],
  ['南', 'nan'],
  ['嫩', 'nen'],
  ['宁寧', 'nin'],
  ['农農', 'non'],
  ['瑙', 'no'],
  ['纽紐', 'niu'],
  // l r
  ['拉', 'la'],
  ['莱萊赖賴', 'le'],
  ['利莉丽麗黎力理历歷', 'li'],
  ['里', 'ri'],
  ['洛', 'lo'],
  ['卢盧露路吕呂', 'lu'],
  ['尔爾儿兒', 'r'],
  ['兰蘭', 'lan'],
  ['伦倫楞', 'len'],
  ['林琳', 'lin'],
  ['隆龙龍', 'lon'],
  ['劳勞', 'lo'],
  ['勒列烈蕾', 'le'],
  ['罗羅蘿若', 'ro'],
  ['略', 'lio'],
  ['柳留', 'liu'],
  ['鲁魯', 'ru'],
  ['雷', 're'],
  ['朗', 'lan'],
  ['连連', 'len'],
  ['瑞芮', 'ri'],
  ['荣榮', 'ron'],
  // g k h
  ['加伽嘎', 'ga'],
  ['盖蓋葛各', 'ge'],
  ['吉', 'gi'],
  ['戈哥歌', 'go'],
  ['古', 'gu'],
  ['格', 'g'],
  ['甘冈岡', 'gan'],
  ['根', 'gen'],
  ['贡貢', 'gon'],
  ['高果郭', 'go'],
  ['圭桂', 'gui'],
  ['瓜', 'gua'],
  ['卡喀', 'ka'],
  ['凯凱可', 'ke'],
  ['基', 'ki'],
  ['科柯寇考', 'ko'],
  ['库庫', 'ku'],
  ['克', 'k'],
  ['坎康', 'kan'],
  ['肯', 'ken'],
  ['金', 'kin'],
  ['孔公', 'kon'],
  ['奎魁', 'kwi'],
  ['昆', 'kun'],
  ['哈', 'ha'],
  ['赫', 'h'],
  ['希', 'hi'],
  ['霍豪侯荷', 'ho'],
  ['胡呼', 'hu'],
  ['海黑贺賀', 'he'],
  ['汉漢翰罕汗', 'han'],
  ['亨', 'hen'],
  ['欣', 'hin'],
  ['洪', 'hon'],
  ['惠', 'hui'],
  ['休', 'hiu'],
  // j ch sh s z ts
  ['贾賈嘉', 'ja'],
  ['杰傑', 'je'],
  ['乔喬', 'jo'],
  ['朱居', 'ju'],
  ['詹简簡', 'jan'],
  ['琼瓊', 'jon'],
  ['济濟', 'ji'],
  // The Russian table writes ди with 季 (Dragić 德拉季奇, Kudikova 库季科娃).
  ['季', 'di'],
  ['津珍', 'jin'],
  // The Russian table writes тин with 京 (Putin 普京, Mishustin 米舒斯京, Kostin 科斯京) and жин with 任
  // (Prigozhin 普里戈任).
  ['京', 'tin'],
  ['任', 'zhin'],
  ['日', 'zh'],
  ['热熱哲', 'zhe'],
  ['查恰察', 'cha'],
  ['切', 'che'],
  ['奇契琪', 'chi'],
  ['丘楚', 'chu'],
  ['钦欽琴', 'chin'],
  ['卓', 'cho'],
  ['沙夏', 'sha'],
  // The Russian table writes се with 谢 (Sergei 谢尔盖, Sechin 谢钦); ше is 舍 (Patrushev 帕特鲁舍夫).
  ['谢謝', 'se'],
  ['舍歇', 'she'],
  ['什施', 'sh'],
  ['肖绍紹', 'sho'],
  ['舒', 'shu'],
  ['席', 'shi'],
  ['雪薛', 'shue'],
  ['申', 'shen'],
  ['尚', 'shan'],
  ['萨薩莎撒', 'sa'],
  ['塞瑟', 'se'],
  ['赛賽', 'sai'],
  ['西锡錫', 'si'],
  ['索', 'so'],
  ['苏蘇素', 'su'],
  ['斯思丝絲士史', 's'],
  ['桑', 'san'],
  ['森', 'sen'],
  ['辛', 'sin'],
  ['宋松', 'son'],
  ['逊遜', 'son'],
  ['扎札', 'za'],
  ['泽澤', 'ze'],
  ['佐', 'zo'],
  ['祖', 'zu'],
  ['兹茲', 'z'],
  ['赞贊', 'zan'],
  ['曾', 'zen'],
  ['宗', 'zon'],
  ['茨', 'ts'],
  ['齐齊', 'tsi'],
  ['策采', 'tse'],
  ['措', 'tso'],
  ['崔', 'tsui'],
];

// Second readings of characters whose first one writes only some of the names they transcribe: v or w for the
// labials (Vallejo, Wallace), l or r for the liquids, h or sh for 希, ch or k for 奇 (-vich and -ski alike), j or
// g for 吉 and 基.
const OTHER_READINGS: ReadonlyArray<readonly [string, string]> = [
  ['瓦娃', 'wa'],
  ['韦韋', 'we'],
  ['维維薇', 'wi'],
  ['沃', 'wo'],
  ['文温溫', 'wen'],
  ['万萬旺', 'wan'],
  ['威魏', 'vi'],
  ['华華', 'hua'],
  ['拉', 'ra'],
  ['莱萊赖賴', 're'],
  ['里', 'li'],
  ['洛', 'ro'],
  ['尔爾儿兒', 'l'],
  ['兰蘭', 'ran'],
  ['罗羅蘿', 'lo'],
  ['鲁魯', 'lu'],
  ['雷', 'le'],
  ['希', 'shi'],
  ['奇契琪', 'ki'],
  ['吉', 'ji'],
  ['基', 'ji'],
  ['约約', 'yo'],
  // German and Slavic j is written with the y syllables (Jablonski 雅布隆斯基, Jeremies 耶雷米斯).
  ['雅', 'ja'],
  ['耶', 'je'],
  ['尤', 'ju'],
  ['艾', 'a'],
  // 麥 is the Mac and Mc of Gaelic names (McCrory 麥克羅里) as well as mai.
  ['麦麥', 'mak'],
  ['捷', 'je'],
  ['顿頓', 'don'],
  ['史', 'sh'],
  ['季', 'ji'],
  // Taiwan and Hong Kong write the English th with 思 (Meredith 梅雷迪思, Southwood 索思伍德).
  ['思', 'th'],
  // 谢 is the she of English and German names (Shepard 谢泼德) as well; 京 is jing in Pinyin. 普 is the Russian
  // пу (Putin 普京) as well as a bare p, and 杰 the Russian де (Medvedev 梅德韦杰夫) as well as je.
  ['谢謝', 'she'],
  ['京', 'jin'],
  ['普', 'pu'],
  ['杰傑', 'de'],
  // The Russian table writes цо with 佐 (Kuznetsov 库兹涅佐夫) and бу with 布 (Gorbunov 戈尔布诺夫).
  ['佐', 'tso'],
  ['布', 'bu'],
  ['苗', 'me'],
  // The y syllables are a German and Slavic j (Jannick 揚尼克); 卓 is tr as Taiwan hears it (Troegner 卓格納).
  ['扬揚', 'jan'],
  ['卓', 'tro'],
  // The Pinyin ao is said au, and the tables write the Latin au with it as well as an o (Strauss 施特劳斯, Naumann
  // 瑙曼, Gaudí 高迪, Hauck 豪克, August 奥古斯特).
  ['劳勞', 'lau'],
  ['高', 'gau'],
  ['豪', 'hau'],
  ['考', 'kau'],
  ['道', 'dau'],
  ['陶', 'tau'],
  ['瑙', 'nau'],
  ['鲍鮑', 'bau'],
  ['奥奧', 'au'],
  // The unaspirated b of Chinese is how Romance and Slavic languages say their p, and the tables and older forms
  // write it with the b syllables too (Paris 巴黎, Picasso 毕加索, Plato 柏拉图, Porta 波塔).
  ['巴', 'pa'],
  ['波柏', 'po'],
  ['比畢毕', 'pi'],
];

function tableOf(rows: ReadonlyArray<readonly [string, string]>): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const [chars, reading] of rows) for (const ch of chars) if (!out.has(ch)) out.set(ch, reading);
  return out;
}

const FIRST = tableOf(READINGS);
const SECOND = tableOf(OTHER_READINGS);

/** The hand-written tables' readings of one character, and its Pinyin (for characters the learned table lacks). */
export function hanCharacterReadings(ch: string): string[] {
  return [
    ...new Set([FIRST.get(ch), SECOND.get(ch), pinyin(ch)].filter((r): r is string => r !== undefined && r !== '')),
  ];
}

/** At most this many readings of one word by the learned runs, after those of the hand-written tables. */
const LEARNED_READINGS = 6;
/** At most this many readings of one word by the hand-written tables. */
const MAX_READINGS = 12;
/** A word with fewer of its characters in the tables than this share is not read as a transcription. */
const MIN_TABLE_SHARE = 0.5;

const HAN_WORD = /^\p{Script=Han}+$/u;

// Common given names that Chinese writes in established forms older than the tables, which the tables' readings
// do not give (基 for the ди of Vladimir, 山 and 大 for the -xand- of Alexander, 古 for the ко of Nikolai, 得 for the
// т of Pyotr), read as Latin spells them; their patronymics (弗拉基米罗维奇 Vladimirovich, 亚历山德罗维奇
// Aleksandrovich, 尼古拉耶维奇 Nikolaevich, 彼得罗维奇 Petrovich) start with the same characters. Longest first.
const ESTABLISHED_STEMS: ReadonlyArray<readonly [string, string]> = [
  ['弗拉基米尔', 'vladimir'],
  ['弗拉基米', 'vladimi'],
  ['亚历山大', 'aleksandr aleksander'],
  ['亞歷山大', 'aleksandr aleksander'],
  ['亚历山', 'aleksan'],
  ['亞歷山', 'aleksan'],
  ['尼古拉', 'nikola'],
  ['彼得', 'petr peter'],
];

/** The readings of a word that starts with an established given name (ESTABLISHED_STEMS), the rest by the tables. */
function establishedReadings(word: string, rest: (chars: string[]) => string): string[] {
  for (const [stem, readings] of ESTABLISHED_STEMS) {
    if (word.startsWith(stem))
      return readings.split(' ').map((reading) => reading + rest([...word.slice(stem.length)]));
  }
  return [];
}

/**
 * The Pinyin of one character the tables do not have, letters only, its consonants as Latin writes them (x sh, q
 * ch, c ts) and a final ng as the n it transcribes.
 */
function pinyin(ch: string): string {
  return anyAscii(ch)
    .toLowerCase()
    .replace(/[^a-z]/g, '')
    .replace(/^x/, 'sh')
    .replace(/^q/, 'ch')
    .replace(/^c(?!h)/, 'ts')
    .replace(/ng$/, 'n');
}

// Han syllables end in n but never in m, so the tables write a Latin m before a labial as an n (Gumbel 岡堡,
// Sompare 松帕雷, Tomm 湯姆) as well as an n (Rosenberg 罗森伯格): both are read.
const N_BEFORE_LABIAL = /n(?=[bpfm])/g;

/**
 * Latin readings of a word of Han characters as a transcription of a foreign name (塞瓦略斯: sevalios,
 * sewalios, ...), first reading first; undefined when the word is not all Han or most of its characters are not
 * transcription characters. Characters outside the tables are read in Pinyin.
 */
export function hanTranscriptionReadings(word: string): string[] | undefined {
  if (!HAN_WORD.test(word)) return undefined;
  const chars = [...word];
  const known = chars.filter((ch) => FIRST.has(ch)).length;
  if (known < chars.length * MIN_TABLE_SHARE) return undefined;
  const first = chars.map((ch) => FIRST.get(ch) ?? pinyin(ch));
  const second = chars.map((ch) => SECOND.get(ch));
  const base = first.join('');
  // The first readings, then each ambiguous character read the other way on its own, then all of them: the
  // readings that differ in class keys (v or w, ch or k) come early, whatever the word's length.
  const out = [base];
  out.push(...establishedReadings(word, (rest) => rest.map((ch) => FIRST.get(ch) ?? pinyin(ch)).join('')));
  second.forEach((other, i) => {
    if (other !== undefined) out.push([...first.slice(0, i), other, ...first.slice(i + 1)].join(''));
  });
  out.push(first.map((reading, i) => second[i] ?? reading).join(''));
  // The Russian x, and the Arabic and Mongolian kh, are written with the h syllables (哈 赫 霍 胡: Khalfan 哈勒凡).
  if (/h/.test(base)) out.push(base.replace(/(?<![cstz])h/g, 'kh'));
  // The same for the reading with every ambiguous character read the other way (Wambach 瓦姆巴赫 wambakh).
  const others = out[out.length - (/h/.test(base) ? 2 : 1)] as string;
  if (/h/.test(others) && others !== base) out.push(others.replace(/(?<![cstz])h/g, 'kh'));
  const labial = out.map((reading) => reading.replace(N_BEFORE_LABIAL, 'm'));
  const hand = [...new Set([...out, ...labial])].filter((reading) => reading !== '').slice(0, MAX_READINGS);
  // Then the spellings most often written with the word's characters, by the runs learned from data (see
  // han-alignment.ts): 斯 ss or z, 克 c or ck, 尔 ll.
  // Not for a word shaped as a Chinese personal name too (王晨), whose readings would only add chance agreement.
  const learned = !personalNameShaped(word) ? hanLearnedReadings(chars, LEARNED_READINGS, hanCharacterReadings) : [];
  return [...new Set([...hand, ...learned])];
}

/**
 * True when a name is written as a Chinese transcription of a foreign name: one Han word (塞瓦略斯), or Han words
 * joined by the interpunct Chinese writes between the parts of a foreign name (约瑟夫·拜登). Chinese personal
 * names are neither (a space between family and given name is how lists and forms write them, 王 晨).
 */
export function isHanTranscription(name: string): boolean {
  const parts = name.trim().split(/[\u00b7\u30fb\u2022\u2027\uff65]/u);
  return parts.length > 0 && parts.every((part) => HAN_WORD.test(part.trim()));
}

/** At most this many class keys from the readings of one word. */
const MAX_KEYS = 6;

/** The class keys (cross-script.ts) of a word's transcription readings, of at least MIN_SHORT_CLASS_KEY classes. */
export function hanTranscriptionKeys(readings: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const reading of readings) {
    const key = classKey(reading);
    if (key.length >= MIN_SHORT_CLASS_KEY) keys.add(key);
    if (keys.size >= MAX_KEYS) break;
  }
  return [...keys];
}

// Characters the tables use for a bare consonant and Chinese given names do not use.
const FOREIGN_ONLY = /[斯尔爾夫弗姆兹茲茨什普布赫]/u;

/**
 * True when a Han word is not as well a Chinese personal name of two characters, a family name and a given name
 * (李娜 is Li Na as often as Lina): it has another length, does not start with a family name (see chinese.ts), or
 * has a character only transcriptions use (斯, 尔, 夫, ...). Such a pair of syllables has few consonants, so it
 * is not compared by short class keys with a one-word listed name (LENA).
 */
export function onlyTranscription(word: string): boolean {
  return [...word].length !== 2 || !personalNameShaped(word);
}

// Characters the tables write foreign sounds with that Chinese given names seldom use (many are family names, so
// they count only after the family name): 勒 le, 格 g, 特 t, 塔 ta, 尼 ni, 拉 la, 卡 ka, 基 ki, 奥 o, 登 den, 迪 di,
// 索 so, 埃 e, 巴 ba, 萨 sa, 纳 na, 瓦 va, ... A name of family name and given name does not have one (艾 德 is
// not a name, 艾德 Adet is; 巴格 Barger, 马利 Mally).
const SOUND_ONLY =
  /[阿勒格特塔伊尼涅顿頓塞卢盧拉卡基奥奧耶坎伦倫莱萊登诺諾迪蒂沃西洛科库庫索埃巴皮默萨薩纳納努奴瓦娃鲁魯蒙米丘朵霍寇柯戈贡貢瑟马馬比迈邁麦麥歇舍乌烏厄略捷扎措沙哈法缇堤托陀图圖坦多敦得乔喬切恰察查撒桑逊遜约約克尤]/u;

// Given names of two characters each, one after the other, make a word this long (黄雷桂花, 謝雅惠雅玲: a family
// name and two given names, as forms and lists join them).
const MAX_NAME_CHARS = 5;

// Common Japanese family names in kanji (佐藤, 鈴木, 長谷川, ...). A word that starts with one is a Japanese personal
// name, family name first (松本翼, 太田里佳), and the Chinese transcription tables do not read it: its Latin form is
// the Japanese reading (Matsumoto Tsubasa), which neither the tables nor Pinyin give.
const JAPANESE_FAMILY_NAMES = new Set(
  (
    '佐藤 鈴木 高橋 田中 伊藤 渡辺 渡邊 渡邉 山本 中村 小林 加藤 吉田 山田 佐々木 山口 松本 井上 木村 斎藤 斉藤 清水 ' +
    '山崎 池田 橋本 阿部 石川 山下 中島 石井 小川 前田 岡田 長谷川 藤田 後藤 近藤 村上 遠藤 青木 坂本 福田 太田 西村 ' +
    '藤井 金子 岡本 藤原 中野 三浦 原田 中川 松田 竹内 小野 田村 中山 和田 石田 森田 上田 内田 柴田 酒井 宮崎 横山 ' +
    '高木 安藤 宮本 大野 小島 谷口 今井 工藤 高田 増田 丸山 杉山 村田 大塚 新井 小山 平野 藤本 河野 上野 野口 武田 ' +
    '松井 千葉 岩崎 菅原 木下 久保 佐野 野村 松尾 菊地 杉本 市川 古川 大西 島田 水野 桜井 高野 渡部 吉川 山内 西田 ' +
    '飯田 菊池 西川 小松 北村 安田 五十嵐 川口 平田 中田 久保田 服部 岩田 土屋 川崎 福島 本田 樋口 秋山 荒木 森'
  ).split(' '),
);

/** How many characters a Japanese family name takes at the start of a Han word; 0 when there is none. */
function japaneseFamilyLength(word: string): number {
  const chars = [...word];
  for (let n = 3; n >= 1; n--) if (JAPANESE_FAMILY_NAMES.has(chars.slice(0, n).join(''))) return n;
  return 0;
}

/** True for a Han word of a Japanese family name and a given name of one to four characters (松本翼, 鈴木美加子). */
function japaneseNameShaped(word: string): boolean {
  const family = japaneseFamilyLength(word);
  const given = [...word].length - family;
  return family > 0 && given >= 1 && given <= 4 && !SOUND_ONLY.test([...word].slice(family).join(''));
}

/**
 * True for a Han word that reads as a Chinese personal name (see chinese.ts), or as a family name and given names
 * joined up to MAX_NAME_CHARS, and has no transcription-only letter, nor after its family name a character that
 * writes a foreign sound and not a given name.
 */
export function personalNameShaped(word: string): boolean {
  if (FOREIGN_ONLY.test(word) || !chineseNameForm(word)) return false;
  return !SOUND_ONLY.test([...word].slice(chineseFamilyLength(word)).join(''));
}

/** True for a Han word every character of which is a transcription character (see READINGS). */
function transcriptionCharactersAlone(word: string): boolean {
  return [...word].every((ch) => FIRST.has(ch));
}

/**
 * True for a Han word of the form of a Chinese personal name: a family name first (see chinese.ts) and one or
 * two given names, two to MAX_NAME_CHARS characters. Read as a transcription, such a word names a person, not an
 * organisation.
 */
export function chineseNameForm(word: string): boolean {
  const length = [...word].length;
  if (chineseWordForms(word).length > 0) return true;
  return chineseFamilyLength(word) > 0 && length >= 4 && length <= MAX_NAME_CHARS && HAN_WORD.test(word);
}

/**
 * True for a Han word that may be a foreign name transcribed, and so is compared whole by class keys: most of its
 * characters are transcription characters (hanTranscriptionReadings), and it is not shaped as a Chinese personal
 * name (a family name first, two to five characters: 黃秀琴, 张军) or a Japanese one (松本翼) unless it has a
 * character only transcriptions use, or is of transcription characters alone. Other words (Chinese and Japanese personal names: 黃秀琴, 山田和也) are compared by their syllables'
 * spellings alone (chinese.ts): whole, their Pinyin class keys tie them to any listed word of like consonants
 * (NEXIGN, SANDINO).
 */
export function mayBeTranscription(word: string): boolean {
  if (!HAN_WORD.test(word)) return true;
  if (!FOREIGN_ONLY.test(word) && japaneseNameShaped(word)) return false;
  if (hanTranscriptionReadings(word) === undefined) return false;
  // Every character a transcription character, the word reads as a foreign name as often, whatever its form
  // (羅森德 Rosende, 喬安妮 Joanne, 阿林漢 Allingham, 艾德 Adet).
  return !personalNameShaped(word) || transcriptionCharactersAlone(word);
}

// How Han transcriptions write some Latin letters (the tables' own readings cannot say it: a letter left out
// leaves no character). An l or r after a vowel and before a consonant or at the end of the word is left out as
// often as written with 爾 or 勒 (Arnold 阿諾德 anuode, Woldemar 沃德瑪); Chinese has no th, and writes it as s
// (Beckwith 貝克威斯, Matheus 马修斯, Cathy 凱西); its syllables end in n, never m (Enström 恩斯特倫, Salem 賽倫).
const LATIN_AS_HAN: ReadonlyArray<readonly [RegExp, string]> = [
  [/(?<=[aeiouy])[lr]+(?=[^aeiouyh]|$)/g, ''],
  [/th/g, 's'],
  [/(?<=[aeiouy])m(?![aeiouybpfm])/g, 'n'],
];

/** At most this many such keys of one Latin word. */
const MAX_LATIN_AS_HAN = 4;

/**
 * The class keys (cross-script.ts) of a Latin word as a Han transcription may write it (LATIN_AS_HAN, each rule
 * and all of them: arnold nt, not nrt), other than its own; empty when no rule applies or what is left is too
 * short to count.
 */
export function hanLatinClassKeys(latin: string): string[] {
  const own = classKey(latin);
  const variants = LATIN_AS_HAN.map(([pattern, replacement]) => latin.replace(pattern, replacement));
  variants.push(LATIN_AS_HAN.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), latin));
  const keys = new Set<string>();
  for (const variant of variants) {
    if (variant === latin) continue;
    const key = classKey(variant);
    if (key !== own && key.length >= MIN_SHORT_CLASS_KEY) keys.add(key);
  }
  return [...keys].slice(0, MAX_LATIN_AS_HAN);
}

/**
 * A phonetic key (phonetic.ts) reduced to what a Han transcription keeps of a word, for a transcription's readings
 * and the Latin word alike: one liquid (l for r), no l after a vowel before a consonant or at the end (Arnold
 * 阿諾德), n for ng, one sibilant for s, z and ts, no doubled letter, no final vowel (Han adds them: Gabor 嘉寶, Coppée 戈贝), and the vowels
 * the tables pick loosely merged (a, e, i and y; o and u: Kurtis 柯蒂斯 kotis). A reading and a word of the same
 * shape agree on every consonant in order, as no chance agreement of class keys does.
 */
export function hanShape(key: string): string {
  return (
    key
      .replace(/r/g, 'l')
      .replace(/(.)\1+/g, '$1')
      .replace(/(?<=[aeiouy])l(?=[^aeiouy]|$)/g, '')
      .replace(/ng/g, 'n')
      .replace(/(?<=.[^aeiouy])[aeiouy]+$/, '')
      // 夫 弗 福 菲 write the Latin v as well as f (Lavrov 拉夫罗夫, Vladimir 弗拉基米尔).
      .replace(/v/g, 'f')
      // Latin z is s in Spanish, ts in German and Italian (Guzmán 古斯曼, Mazzarella 馬薩瑞拉, Zille 齐勒), and the
      // tables' s, z and ts syllables do not follow the Latin letters: one sibilant.
      .replace(/[cz]/g, 's')
      // The tables write a Latin vowel by how it is said, and the front and open vowels the same way: the a of Lake
      // 雷克, Cathy 凱西 and Barrie 貝瑞 with the e syllables, the diphthong of Raymund 雷蒙德 and Schaeffer 謝弗
      // with e, the e of Bebo 拜博 with ai. The rounded o and u are told apart from them.
      .replace(/[aeiy]+/g, 'i')
      .replace(/[ou]/g, 'u')
      .replace(/(.)\1+/g, '$1')
  );
}

/** Shapes shorter than this agree with too many listed words by chance (ki, lu). */
export const MIN_HAN_SHAPE = 3;

/**
 * A shape (hanShape) with each run of vowels as one vowel of no quality, or undefined when it keeps fewer than two
 * consonants. The tables write the vowel a foreign name is said with, not the one it is spelled with (Nutt 纳特
 * nat, Dod 達德 dad, Lake 雷克 lik), so a reading and a Latin word of the same consonants and vowel places may be
 * one name; a shape of one consonant agrees with too many words to say so.
 */
export function looseHanShape(shape: string): string | undefined {
  const loose = shape.replace(/[aiu]+/g, 'a');
  return loose.replace(/a/g, '').length >= 2 ? loose : undefined;
}
