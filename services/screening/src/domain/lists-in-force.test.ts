import { describe, expect, it } from 'vitest';
import { ListSource } from '@cordon/contracts';
import type { ScreeningEngine, ListVersion } from '@cordon/screening-core/contract';
import { ListsInForce } from './lists-in-force.js';
import { person, versionOf } from '@cordon/screening-core/contract/testing';

/** An engine whose snapshot is just the versions it was built from (the lists' logic is what is under test). */
const engine = {
  engineVersion: 'test',
  policyHash: 'test',
  buildSnapshot: (versions: readonly ListVersion[]) => versions.map((v) => `${v.source}:${v.versionId}`),
} as unknown as ScreeningEngine<string[]>;

const v1 = versionOf([person('1', 'ONE, Person')], 'v1', ListSource.OFAC_SDN, 10n);
const v2 = versionOf([person('1', 'ONE, Person'), person('2', 'TWO, Person')], 'v2', ListSource.OFAC_SDN, 20n);
const v3 = versionOf([person('2', 'TWO, Person')], 'v3', ListSource.OFAC_SDN, 30n);

describe('the lists in force', () => {
  it('moves forward through versions in publication order, reporting what each replaced', () => {
    const lists = new ListsInForce(engine);
    expect(lists.apply([v1]).map((a) => a.version.versionId)).toEqual(['v1']);
    const [applied] = lists.apply([v2]);
    expect(applied?.replaced?.versionId).toBe('v1');
    expect(lists.snapshot).toEqual([`${ListSource.OFAC_SDN}:v2`]);
  });

  it('never goes back: a replay of the history after the latest version changes nothing', () => {
    const lists = new ListsInForce(engine);
    lists.apply([v3]);
    const stale: string[] = [];
    for (const old of [v1, v2, v3]) {
      expect(lists.apply([old], (version, inForce) => stale.push(`${version.versionId}<${inForce.versionId}`))).toEqual(
        [],
      );
    }
    expect(lists.inForce.map((v) => v.versionId)).toEqual(['v3']);
    expect(lists.snapshot).toEqual([`${ListSource.OFAC_SDN}:v3`]);
    expect(stale).toEqual(['v1<v3', 'v2<v3']);
  });

  it('refuses an older version even when its content differs from the one in force (a delisting reverted)', () => {
    const lists = new ListsInForce(engine);
    lists.apply([v2]);
    lists.apply([v1]);
    expect(lists.inForce.map((v) => v.versionId)).toEqual(['v2']);
  });

  it('warms the engine up on a new snapshot before that snapshot is in force', () => {
    const seen: Array<{ warmed: string[]; inForce: string[] | undefined }> = [];
    let first = true;
    const warming = {
      ...engine,
      buildSnapshot: engine.buildSnapshot,
      warmUp(snapshot: string[]) {
        seen.push({ warmed: snapshot, inForce: lists.snapshot });
        const result = first ? { screens: 3 } : undefined;
        first = false;
        return result;
      },
    } as ScreeningEngine<string[]>;
    const lists = new ListsInForce(warming);
    lists.apply([v1]);
    expect(lists.lastWarmUp).toEqual({ screens: 3 });
    lists.apply([v2]);
    expect(lists.lastWarmUp).toBeUndefined();
    expect(seen).toEqual([
      { warmed: [`${ListSource.OFAC_SDN}:v1`], inForce: undefined },
      { warmed: [`${ListSource.OFAC_SDN}:v2`], inForce: [`${ListSource.OFAC_SDN}:v1`] },
    ]);
  });
});
