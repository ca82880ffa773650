/**
 * The screening core's data: what comes in (a withdrawal), what rules apply (a policy) and what goes out (a
 * decision). Plain data only; every field that could vary between runs (ids, times) is part of the input.
 */

/** An address as the withdrawal carries it, with its ticker when known. */
export interface AddressRef {
  address: string;
  /** Asset or chain ticker as the producer gives it (USDC, ETH, XBT, ...); empty or absent: detect from form. */
  ticker?: string;
}

/** The customer behind a withdrawal, as far as the producer knows them. */
export interface Customer {
  /**
   * What the customer is, when the producer says. A person's name is never held against a listed vessel's or
   * aircraft's (SAM LEE is not the vessel f.k.a. 'SAM 5'); unknown, every listed name is searched.
   */
  type?: 'individual' | 'organisation';
  name?: string;
  aliases?: string[];
  /** YYYY-MM-DD or YYYY. */
  dob?: string;
  /** ISO 3166 alpha-2. */
  nationality?: string;
  /** ISO 3166 alpha-2. */
  countryOfResidence?: string;
  /** ISO 3166-2 subdivision (UA-43 for Crimea), when the producer knows it. */
  regionOfResidence?: string;
}

/** One withdrawal to screen. `id` and `requestedAt` come from the producer; the core never invents them. */
export interface Withdrawal {
  id: string;
  requestedAt?: string;
  destination?: AddressRef;
  /** Addresses the funds came from, when the producer reports them. */
  sources?: AddressRef[];
  /** Other parties' addresses involved (e.g. a travel-rule originator). */
  counterparties?: AddressRef[];
  customer?: Customer;
}

/** The three outcomes, in increasing severity. */
export type Outcome = 'ALLOW' | 'HOLD' | 'BLOCK';

/** Thresholds and rules; part of every decision and hashed into it. */
export interface Policy {
  address: {
    /** What a listed address asks for. */
    onHit: Outcome;
  };
  name: {
    /** Name matches scoring at least this (after DOB/nationality evidence) are hits and HOLD. */
    holdAt: number;
    /** Name matches scoring at least this BLOCK, if the other conditions hold. */
    blockAt: number;
    /** When true, a name match BLOCKs only with an exactly matching date of birth. */
    blockRequiresDob: boolean;
    /** At most this many name hits are reported. */
    maxHits: number;
  };
  jurisdiction: {
    /** ISO 3166 alpha-2 countries and ISO 3166-2 regions under comprehensive sanctions. */
    codes: string[];
    onHit: Outcome;
  };
  lists: {
    /**
     * Longest time since a list version in force was last confirmed current by list-sync (its fetch, or a later
     * check that found it unchanged) before withdrawals screened against it are held: a list nobody has checked
     * for longer could be missing designations.
     */
    maxAgeHours: number;
  };
}

/** Which of a withdrawal's fields a hit came from. */
export type HitField =
  'destination' | 'source' | 'counterparty' | 'name' | 'nationality' | 'countryOfResidence' | 'regionOfResidence';

/** One reason for concern, with the evidence behind it. */
export interface Hit {
  kind: 'address' | 'name' | 'jurisdiction';
  /** The list source (ofac-sdn, un, ...), or `policy` for jurisdiction rules. */
  source: string;
  /** The listed entity's id, or the jurisdiction code. */
  entityId: string;
  /** The entity's primary name, or the jurisdiction code. */
  name: string;
  /** What matched: the listed address, the listed name or alias, or the jurisdiction code. */
  matched: string;
  /** In [0,1], rounded to 4 decimals. */
  score: number;
  /** What this hit asks for under the policy. */
  action: Outcome;
  field: HitField;
  /** Kind-specific evidence (token pairs, DOB evidence, address keys, ...); numbers rounded like `score`. */
  features: Record<string, unknown>;
  /**
   * Present only when a suppression of this customer's false positive applied: the hit is still reported but does
   * not count towards the decision. It pins the suppression used (the case and the entity version it covers), so
   * that screening again with `suppressionsOf(decision)` gives the same decision.
   */
  suppression?: HitSuppression;
}

/** The suppression a hit was suppressed by. */
export interface HitSuppression {
  /** The case whose approved false positive created the suppression. */
  caseId: string;
  /** The entity version it covers; equal to the listed entity's hash in the snapshot, or it would not apply. */
  entityHash: string;
}

/**
 * A customer-entity pair approved as a false positive (four eyes), for the customer being screened. It suppresses
 * the customer's hits on that entity as long as the entity in the snapshot has this exact `entityHash`: a changed
 * (or re-listed with other content) entity lifts it. Jurisdiction hits come from the policy and are never
 * suppressed.
 */
export interface Suppression {
  /** The list source slug (ofac-sdn, un, ...). */
  source: string;
  entityId: string;
  /** The entity's content hash (the lists package's `entityHash`) when the false positive was approved. */
  entityHash: string;
  caseId: string;
}

/** A list version the decision used. */
export interface ListVersion {
  source: string;
  /** The version's content hash (or the version the caller named). */
  version: string;
}

/** The outcome of screening one withdrawal; every field is covered by `decisionHash`. */
export interface Decision {
  withdrawalId: string;
  decision: Outcome;
  /** Best first. */
  hits: Hit[];
  /** One human-readable line per hit, in hit order; one line when there is none. */
  reasons: string[];
  /** sha256 (hex) of the canonical JSON of the withdrawal as screened. */
  inputHash: string;
  lists: ListVersion[];
  policy: Policy;
  /** sha256 (hex) of the canonical JSON of `policy`. */
  policyHash: string;
  engineVersion: string;
  /** sha256 (hex) of the canonical JSON of this decision without `decisionHash`. */
  decisionHash: string;
}
