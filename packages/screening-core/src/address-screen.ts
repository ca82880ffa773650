/**
 * Address screening: every address a withdrawal carries against every listed address, through the address
 * package's canonical keys. A miss under the given ticker is retried with the chain detected from the address
 * form, so a wrong or missing ticker (USDC sent to a listed ETH address, no ticker at all) cannot hide a hit.
 */
import type { AddressVia } from './address-keys.js';
import type { ListedAddress, Snapshot } from './snapshot.js';
import type { AddressRef, Hit, HitField, Policy } from './types.js';

/** The listed addresses one query address matches, and how. */
export interface AddressMatch {
  via: AddressVia;
  key: string;
  listed: readonly ListedAddress[];
}

/** Looks one address up: under its ticker, then under the detected chain, then as written. */
export function matchAddress(snapshot: Snapshot, ref: AddressRef): AddressMatch | undefined {
  for (const { key, via } of snapshot.addressMemo.plan(ref.ticker?.trim() ?? '', ref.address)) {
    const listed = snapshot.addressKeys.get(key);
    if (listed) return { via, key, listed };
  }
  return undefined;
}

/** Hits for one address of the withdrawal: one per listed entity, with every listed ticker it appears under. */
export function screenAddress(snapshot: Snapshot, ref: AddressRef, field: HitField, policy: Policy): Hit[] {
  const match = matchAddress(snapshot, ref);
  if (!match) return [];
  const byEntity = new Map<number, ListedAddress[]>();
  for (const listed of match.listed) {
    const group = byEntity.get(listed.entity);
    if (group) group.push(listed);
    else byEntity.set(listed.entity, [listed]);
  }
  return [...byEntity.entries()].map(([position, listed]) => {
    const entity = snapshot.entities[position];
    const first = listed[0] as ListedAddress;
    return {
      kind: 'address' as const,
      source: entity?.source ?? '',
      entityId: entity?.id ?? '',
      name: entity?.primaryName ?? '',
      matched: first.address,
      score: 1,
      action: policy.address.onHit,
      field,
      features: {
        query: ref.address,
        ticker: ref.ticker?.trim().toUpperCase() ?? '',
        key: match.key,
        via: match.via,
        listedTickers: [...new Set(listed.map((l) => l.ticker))].sort(),
        listedValid: first.valid,
      },
    };
  });
}
