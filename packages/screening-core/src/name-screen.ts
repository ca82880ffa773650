/**
 * Name screening: the customer's name and aliases against every listed name, with date of birth and
 * nationality as evidence. A name hit HOLDs; it BLOCKs only when the score reaches `blockAt`, the listed name is
 * a strong one, and (by default) the date of birth matches exactly. A weak alias alone never BLOCKs.
 */
import type { NameMatch } from '@cordon/matching';
import { roundScore } from './hashing.js';
import type { Snapshot } from './snapshot.js';
import type { Customer, Hit, Outcome, Policy } from './types.js';

function actionFor(match: NameMatch, policy: Policy): Outcome {
  const { blockAt, blockRequiresDob } = policy.name;
  const strong = match.features.aliasStrength === 'strong';
  const dobOk = !blockRequiresDob || match.features.dob === 'exact';
  // A name that agrees with the listed one only on cross-script class keys is a lead, never a block.
  const spelled = !match.features.crossScriptKeysOnly;
  // A family name alone, or a name without some listed given names, is capped at HOLD.
  const whole = !match.features.partialName;
  return match.score >= blockAt && strong && dobOk && spelled && whole ? 'BLOCK' : 'HOLD';
}

/** The features of a name match, with every number rounded so they hash the same everywhere. */
function featuresOf(match: NameMatch): Record<string, unknown> {
  const f = match.features;
  return {
    queryName: match.queryName,
    nameScore: roundScore(f.nameScore),
    coverageQuery: roundScore(f.coverageQuery),
    coverageListed: roundScore(f.coverageListed),
    tokens: f.pairs.map((p) => ({ query: p.query, listed: p.listed, similarity: roundScore(p.similarity) })),
    missingQueryTokens: f.missingQueryTokens,
    missingListedTokens: f.missingListedTokens,
    orderPreserved: f.orderPreserved,
    queryScript: f.queryScript,
    listedScript: f.listedScript,
    crossScriptKeysOnly: f.crossScriptKeysOnly,
    partialName: f.partialName,
    aliasStrength: f.aliasStrength,
    queryTitles: f.queryTitles,
    dob: f.dob,
    nationality: f.nationality,
    title: f.title,
  };
}

/** Listed kinds of thing a person customer can never be. */
const NOT_A_PERSON = new Set(['vessel', 'aircraft']);

/** Name hits for a customer, best first, at most `policy.name.maxHits`. */
export function screenNames(snapshot: Snapshot, customer: Customer | undefined, policy: Policy): Hit[] {
  const names = [customer?.name, ...(customer?.aliases ?? [])].filter(
    (name): name is string => typeof name === 'string' && name.trim() !== '',
  );
  if (names.length === 0) return [];
  const person = customer?.type === 'individual';
  const matches = snapshot.names.search(
    { names, dob: customer?.dob, nationality: customer?.nationality },
    {
      minScore: policy.name.holdAt,
      limit: policy.name.maxHits,
      ...(person ? { accept: (party: number) => !NOT_A_PERSON.has(snapshot.entities[party]?.type ?? '') } : {}),
    },
  );
  return matches.map((match) => {
    const entity = snapshot.entities[match.party];
    return {
      kind: 'name' as const,
      source: entity?.source ?? '',
      entityId: entity?.id ?? '',
      name: entity?.primaryName ?? '',
      matched: match.listedName,
      score: roundScore(match.score),
      action: actionFor(match, policy),
      field: 'name' as const,
      features: featuresOf(match),
    };
  });
}
