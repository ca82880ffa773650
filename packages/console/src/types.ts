// The case API's messages as its JSON carries them (proto JSON: camelCase names, enums by name, timestamps as
// ISO text, default values left out). Only the fields the console reads.

export interface Me {
  userId: string;
  roles: string[];
  name: string;
}

export interface HitFeature {
  name?: string;
  valueBp?: number;
  detail?: string;
}

export interface Hit {
  source?: string;
  entityId?: string;
  entityHash?: string;
  kind?: string;
  matchedValue?: string;
  queryField?: string;
  queryValue?: string;
  scoreBp?: number;
  features?: HitFeature[];
  programs?: string[];
  suppressed?: boolean;
  suppressedByCase?: string;
}

export interface Proposal {
  resolution?: string;
  action?: string;
  rationale?: string;
  suppress?: boolean;
}

export interface Suppression {
  customerRef?: string;
  source?: string;
  entityId?: string;
  entityHash?: string;
  caseId?: string;
}

export interface Resolved {
  resolution?: string;
  action?: string;
  proposedBy?: string;
  approvedBy?: string;
  suppressions?: Suppression[];
}

export interface Case {
  caseId: string;
  withdrawalId?: string;
  customerRef?: string;
  status?: string;
  trigger?: string;
  outcome?: string;
  decisionHash?: string;
  hits?: Hit[];
  assignee?: string;
  openedAt?: string;
  slaDueAt?: string;
  updatedAt?: string;
  pendingProposal?: Proposal;
  proposedBy?: string;
  resolved?: Resolved;
  lastAuditHash?: string;
  overdue?: boolean;
  disposition?: string;
  sources?: string[];
}

export interface CaseEvent {
  caseId?: string;
  sequence?: string;
  actor?: string;
  actorRole?: string;
  occurredAt?: string;
  prevAuditHash?: string;
  auditHash?: string;
  opened?: { trigger?: string; outcome?: string; decisionHash?: string; hits?: Hit[]; customerRef?: string };
  assigned?: { assignee?: string; previousAssignee?: string };
  commented?: { text?: string };
  proposed?: Proposal;
  approved?: { proposalAuditHash?: string; proposedBy?: string };
  resolved?: Resolved;
  sentBack?: { proposalAuditHash?: string; reason?: string };
  evidence?: { title?: string; reference?: string; note?: string };
  escalated?: { dueAt?: string; status?: string };
  joined?: { trigger?: string; outcome?: string; decisionHash?: string; hits?: Hit[] };
}

export interface PinnedVersion {
  source?: string;
  contentHash?: string;
  versionId?: string;
  confirmedAt?: string;
}

export interface Decision {
  withdrawalId?: string;
  outcome?: string;
  hits?: Hit[];
  reasons?: { code?: string; detail?: string }[];
  pinnedVersions?: PinnedVersion[];
  policyHash?: string;
  engineVersion?: string;
  decisionHash?: string;
  screenedAt?: string;
}

export interface Party {
  customerRef?: string;
  type?: string;
  fullName?: string;
  givenName?: string;
  familyName?: string;
  otherNames?: string[];
  dateOfBirth?: string;
  nationalities?: string[];
  countryOfResidence?: string;
}

export interface ChainAddress {
  ticker?: string;
  chain?: string;
  address?: string;
  canonical?: string;
  valid?: boolean;
  reason?: string;
}

export interface Withdrawal {
  withdrawalId?: string;
  customer?: Party;
  chain?: string;
  amount?: { asset?: string; amountDecimal?: string };
  destination?: ChainAddress;
  counterparty?: Party;
  requestedAt?: string;
}

export interface EntityName {
  full?: string;
  given?: string;
  family?: string;
  kind?: string;
  strength?: string;
  script?: string;
}

export interface Entity {
  source?: string;
  id?: string;
  type?: string;
  names?: EntityName[];
  birthDates?: { raw?: string; date?: string }[];
  placesOfBirth?: string[];
  nationalities?: string[];
  citizenships?: string[];
  addresses?: { full?: string; country?: string }[];
  identifiers?: { type?: string; value?: string; country?: string }[];
  programs?: string[];
  remarks?: string;
  digitalCurrencyAddresses?: { ticker?: string; address?: string; canonical?: string }[];
  entityHash?: string;
}

export interface CaseDetail {
  case: Case;
  events?: CaseEvent[];
  decisions?: Decision[];
  withdrawal?: Withdrawal;
  entities?: Entity[];
}

export interface Verification {
  caseId: string;
  entries: number;
  verified: boolean;
  lastAuditHash: string;
  breaks: { sequence: string; where: string; reason: string }[];
}
