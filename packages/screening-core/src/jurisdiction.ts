/**
 * Jurisdiction rules: a customer whose nationality, country or region of residence is under comprehensive
 * sanctions is held for review (by default). Region codes are ISO 3166-2 (UA-43 = Crimea); a region of a listed
 * country counts as that country.
 */
import type { Customer, Hit, HitField, Policy } from './types.js';

const FIELDS = ['nationality', 'countryOfResidence', 'regionOfResidence'] as const;

function listedCode(value: string, codes: ReadonlySet<string>): string | undefined {
  if (codes.has(value)) return value;
  const country = value.split('-')[0] ?? '';
  return value.includes('-') && codes.has(country) ? country : undefined;
}

/** Jurisdiction hits for a customer, in field order. */
export function screenJurisdictions(customer: Customer | undefined, policy: Policy): Hit[] {
  if (!customer) return [];
  const codes = new Set(policy.jurisdiction.codes);
  const hits: Hit[] = [];
  for (const field of FIELDS) {
    const raw = customer[field];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const value = raw.trim().toUpperCase();
    const code = listedCode(value, codes);
    if (code === undefined) continue;
    hits.push({
      kind: 'jurisdiction',
      source: 'policy',
      entityId: code,
      name: code,
      matched: value,
      score: 1,
      action: policy.jurisdiction.onHit,
      field: field satisfies HitField,
      features: { value },
    });
  }
  return hits;
}
