import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { HANJA_READINGS, hanjaReadings } from './hanja.js';
import { buildNameIndex } from './name-index.js';

// North Korean designees of the OFAC SDN list (2023-12-28), as Chinese and Japanese sources write them.
describe('hanjaReadings', () => {
  it('reads a Korean name in Han characters in Hangul, simplified characters too', () => {
    expect(hanjaReadings('金正恩')).toEqual(['김정은']);
    expect(hanjaReadings('崔龍海')).toEqual(['최룡해']);
    expect(hanjaReadings('崔龙海')).toEqual(['최룡해']);
    expect(hanjaReadings('金 与正')).toEqual(['김여정']);
    // The table reads the simplified 荣 송; it is 榮, 영.
    expect(hanjaReadings('金荣南')).toEqual(['김영남']);
  });

  it('gives a family name with an initial ㄹ both spellings: South Korean 이, North Korean 리', () => {
    expect(hanjaReadings('李英浩')).toEqual(['이영호', '리영호']);
    expect(hanjaReadings('柳京洙')).toEqual(['유경수', '류경수']);
  });

  it('reads nothing but a name of three Han characters (two, as Chinese names, met Korean ones by chance)', () => {
    expect(hanjaReadings('金')).toEqual([]);
    expect(hanjaReadings('杨勇')).toEqual([]);
    expect(hanjaReadings('金正恩委员长同志')).toEqual([]);
    expect(hanjaReadings('Kim 正恩')).toEqual([]);
  });
});

describe('Korean names in Han characters', () => {
  const index = buildNameIndex([
    { ref: 'kju', names: [{ full: 'KIM, Jong Un', strength: 'strong' }] },
    { ref: 'crh', names: [{ full: 'CHOE, Ryong Hae', strength: 'strong' }] },
    { ref: 'kyj', names: [{ full: 'KIM, Yo Jong', strength: 'strong' }] },
    { ref: 'jin', names: [{ full: 'JIN, Zheng', strength: 'strong' }] },
  ]);
  const found = (name: string) => index.search({ names: [name] }, { minScore: 0.8 }).map((m) => m.ref);

  it('finds them by their Sino-Korean readings (in Pinyin, 金正恩 is Jin Zhengen)', () => {
    expect(found('金正恩')).toEqual(['kju']);
    expect(found('崔龙海')).toEqual(['crh']);
    expect(found('金与正')).toEqual(['kyj']);
  });

  it('never blocks on a reading alone', () => {
    const [hit] = index.search({ names: ['金正恩'] }, { minScore: 0.8 });
    expect(hit?.features.crossScriptKeysOnly).toBe(true);
  });
});

describe('HANJA_READINGS', () => {
  it('names the hanja version installed, so the engine version says what read', () => {
    const file = createRequire(import.meta.url).resolve('hanja/package.json');
    const installed = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
    expect(HANJA_READINGS).toBe(`hanja/${installed.version}`);
  });
});
