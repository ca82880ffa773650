/**
 * The one entity model every sanctions-list parser produces. It mirrors `cordon.sanctions.v1.SanctionedEntity`
 * in proto/; list-sync maps between the two. Plain data: no methods, no Dates (dates stay as published).
 */

/** Which official list an entity came from. */
export type SourceKind = 'ofac-sdn' | 'ofac-consolidated' | 'un' | 'uk' | 'uk-ofsi' | 'eu';

/** What kind of party is designated. */
export type EntityType = 'individual' | 'entity' | 'vessel' | 'aircraft' | 'unknown';

/** A name or alias. `strength` follows the publisher: OFAC's a.k.a. is strong, f.k.a./weak a.k.a. is weak. */
export interface EntityName {
  /** The full name as published (whitespace collapsed). */
  full: string;
  /** Given names / surname when the source splits them; absent otherwise. */
  given?: string;
  family?: string;
  /** primary | aka | fka | nka | weak — how the publisher qualifies it. */
  kind: 'primary' | 'aka' | 'fka' | 'nka' | 'weak';
  strength: 'strong' | 'weak';
  /** ISO 15924 script of `full`, e.g. Latn, Cyrl, Arab (detected when the source does not say). */
  script: string;
}

/** A date of birth as published: a full date, a year, or a range of years ("circa" / "1960 to 1962"). */
export interface BirthDate {
  /** As published, e.g. "15 Jan 1964", "1964", "circa 1964". */
  raw: string;
  /** Normalised: YYYY-MM-DD, YYYY-MM or YYYY; absent when not parseable. */
  date?: string;
  /** Inclusive year range when the source gives one or "circa" (±1 year). */
  fromYear?: number;
  toYear?: number;
}

/** An identity document or registration number. */
export interface Identifier {
  /** e.g. Passport, National ID No., Tax ID No., IMO, SWIFT/BIC, Registration Number. */
  type: string;
  value: string;
  /** Issuing country as published. */
  country?: string;
  note?: string;
}

/** A digital currency address from the list, with the address package's verdict on it. */
export interface DigitalCurrencyAddress {
  /** Ticker as published, trimmed and upper-cased (XBT, ETH, USDT, ...). Never restricted to a fixed list. */
  ticker: string;
  /** The address exactly as published (trimmed). */
  address: string;
  /** Canonical key from @cordon/addresses: the same for every written form of the same address. */
  canonical: string;
  /** Whether the address validates on (one of) its chain(s). Invalid addresses are kept and still matched. */
  valid: boolean;
  /** Short chain names the address fits (btc, eth, trx, ...). */
  chains: string[];
  /** Why it is invalid, when it is. */
  reason?: string;
}

/** A postal address, as much as the source gives. */
export interface PostalAddress {
  full: string;
  country?: string;
}

/** Data-quality flags a parser raises on an entity; screening and analysts can see them. */
export type EntityFlag =
  /** A remark was cut (OFAC's 1,000-character limit) and its continuation is missing. */
  | 'remarks-truncated'
  /** A digital-currency-address marker was found whose address could not be read completely. */
  | 'address-fragment-dropped'
  /** At least one listed digital currency address fails its chain's validation. */
  | 'invalid-address'
  /** The source record had fields the parser could not interpret. */
  | 'unparsed-fields';

/** One designated party from one source. */
export interface SanctionedEntity {
  source: SourceKind;
  /** The publisher's id (OFAC ent_num / uid, UN DATAID / reference number, UK unique id, EU logical id). */
  id: string;
  type: EntityType;
  names: EntityName[];
  birthDates: BirthDate[];
  placesOfBirth: string[];
  /** ISO 3166 alpha-2 where it can be derived, else the published country name. */
  nationalities: string[];
  citizenships: string[];
  addresses: PostalAddress[];
  identifiers: Identifier[];
  /** Sanctions programs / regimes, e.g. CYBER2, RUSSIA-EO14024, UN reference prefixes. */
  programs: string[];
  /** Remarks as published (continuations appended). */
  remarks?: string;
  digitalCurrencyAddresses: DigitalCurrencyAddress[];
  flags: EntityFlag[];
  /** Gender as published (e.g. Male, Female), when the source gives one. Added field; optional. */
  gender?: string;
  /** Title or position as published (OFAC's Title field, e.g. "President of the Russian Federation"). Added field; optional. */
  title?: string;
  /** Vessel particulars as published, for vessels whose source gives them (OFAC, UK). Added field; optional. */
  vessel?: VesselDetails;
}

/** What a list says about a designated vessel; every field as published. */
export interface VesselDetails {
  callSign?: string;
  /** e.g. "Crude/Oil Products Tanker". */
  vesselType?: string;
  /** Current flag state. */
  flag?: string;
  owner?: string;
  tonnage?: string;
  grossRegisteredTonnage?: string;
}
