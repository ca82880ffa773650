/**
 * East Slavic given names whose Russian, Ukrainian and Belarusian forms differ by more than spelling
 * (Vladimir/Volodymyr/Uladzimir). Each group maps every member's phonetic key onto the first member's key, so
 * the forms match exactly instead of by a weak edit distance. Translations between languages (Mikhail/Michael)
 * are deliberately left out: they are different names, and joining them would raise false positives.
 */
import { phoneticKey } from './phonetic.js';
import { romanise } from './transliterate.js';

const GROUPS: readonly (readonly string[])[] = [
  ['vladimir', 'volodymyr', 'uladzimir', 'wladimir', 'volodimir'],
  ['aleksandr', 'alexander', 'oleksandr', 'aliaksandr', 'alyaksandr', 'aleksander', 'alexandr', 'olexandr'],
  ['aleksey', 'alexei', 'oleksiy', 'oleksii', 'aliaksei', 'alyaksei', 'olexiy'],
  ['sergey', 'serhiy', 'serhii', 'siarhei', 'sergii', 'serguei', 'sergiy', 'syarhey'],
  ['nikolay', 'mykola', 'mikalai', 'mikola', 'nicolai'],
  ['mikhail', 'mykhailo', 'mikhailo', 'mikhal', 'mykhaylo'],
  ['dmitriy', 'dmytro', 'dzmitry', 'dzmitri'],
  ['andrey', 'andriy', 'andrii', 'andrej'],
  ['gennadiy', 'hienadz', 'henadz', 'gennadz'],
  ['yevgeniy', 'yevhen', 'yauhen', 'evhen', 'ieuhen'],
  ['grigoriy', 'hryhoriy', 'hryhorii', 'ryhor', 'hryhor'],
  ['oleg', 'aleh'],
  ['pyotr', 'petro', 'piotr', 'pyatro', 'piatro'],
  ['pavel', 'pavlo', 'paval'],
  ['vasiliy', 'vasyl', 'vasil', 'vasilii'],
  ['anatoliy', 'anatol'],
  ['viktor', 'viktar', 'wiktor'],
  ['fyodor', 'fedir', 'fiodar', 'fedar'],
  ['yakov', 'yakiv', 'yakau'],
  ['kirill', 'kyrylo', 'kiryl', 'kiryla'],
  ['konstantin', 'kostiantyn', 'kostyantyn', 'kanstantsin', 'kanstancin'],
  ['stanislav', 'stanislau'],
  ['vyacheslav', 'viachaslau', 'vyachaslau'],
  ['yaroslav', 'yaraslau'],
  ['boris', 'borys', 'barys'],
  ['roman', 'raman'],
  ['semyon', 'semen', 'symon', 'siamion'],
  ['timofey', 'tymofiy', 'tsimafei'],
  ['valeriy', 'valery', 'valer'],
  ['vitaliy', 'vital'],
  ['ilya', 'illia', 'illya', 'ilia'],
  ['maksim', 'maksym', 'maxim', 'maksimilian'],
  ['artyom', 'artem', 'artsiom', 'artsem'],
  ['denis', 'denys', 'dzianis'],
  ['yegor', 'yehor', 'egor', 'yahor'],
  ['leonid', 'leanid'],
  ['arkadiy', 'arkadz'],
  ['gleb', 'hlib', 'hleb'],
  ['vadim', 'vadym'],
  ['bogdan', 'bohdan', 'bagdan'],
  ['yelena', 'olena', 'alena', 'alyona', 'helena'],
  ['tatyana', 'tetiana', 'tetyana', 'tatsiana', 'tatsyana'],
  ['olga', 'olha', 'volha'],
  ['natalya', 'nataliia', 'natallia', 'natalia'],
  ['irina', 'iryna'],
  ['yekaterina', 'kateryna', 'katsiaryna', 'katsyaryna', 'ekateryna'],
  ['lyudmila', 'liudmyla', 'ludmila', 'lyudmyla'],
  ['galina', 'halyna', 'halina'],
  ['svetlana', 'svitlana', 'sviatlana', 'svyatlana'],
  ['valentina', 'valentyna'],
  ['larisa', 'larysa'],
  ['nadezhda', 'nadiia', 'nadiya', 'nadzeya', 'nadzeia'],
  ['anna', 'hanna', 'ganna'],
  ['mariya', 'mariia', 'maryia', 'maryja'],
  ['oksana', 'aksana'],
  ['yuliya', 'yuliia', 'yulia', 'julija'],
  ['daniil', 'danylo', 'danila', 'danil'],
  ['yevgeniya', 'yevheniya', 'yauheniya', 'evgenia'],
  ['aleksandra', 'oleksandra', 'aliaksandra', 'alexandra'],
];

function keyOf(spelling: string): string {
  return phoneticKey(romanise(spelling));
}

const CANONICAL: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const group of GROUPS) {
    const canonical = keyOf(group[0] ?? '');
    for (const spelling of group) map.set(keyOf(spelling), canonical);
  }
  return map;
})();

/** The group key of a given-name key (Volodymyr -> the key of Vladimir), or the key itself. */
export function canonicalVariant(key: string): string {
  return CANONICAL.get(key) ?? key;
}

/** The member keys of every group, group key first, for tests that check the groups stay disjoint. */
export function variantGroups(): readonly (readonly string[])[] {
  return GROUPS.map((group) => group.map(keyOf));
}

// Polish writes the glide of these names with j (Jewhen for Yevhen, Jurij): a word in Polish spelling (w, sz, cz,
// rz show it) is the group's member as spelled with y.
const POLISH_SPELLING = /w|sz|cz|rz/;

/** The group key of a Latin word (romanised) in Polish spelling, undefined when it is no member so spelled. */
export function polishVariant(text: string): string | undefined {
  if (!text.includes('j') || !POLISH_SPELLING.test(text)) return undefined;
  return CANONICAL.get(phoneticKey(text.replace(/j/g, 'y')));
}
