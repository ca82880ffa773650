import type { Migration } from '@cordon/platform';

/**
 * case-management's tables. Consistency with Kafka: the positions read from the input topics are stored here,
 * in the transaction that writes what the records caused (cases, audit entries, outbox), so a crash anywhere
 * replays exactly the records whose effects did not commit. Everything to publish goes through the outbox, whose
 * relay writes it to Kafka in transactions that carry their own checkpoint (see relay.ts).
 */
export const CASE_MIGRATIONS: Migration[] = [
  {
    id: '0001_cases',
    sql: `
create table consumer_positions (
  topic text not null,
  partition integer not null,
  next_offset bigint not null,
  primary key (topic, partition)
);

-- Withdrawals as screening saw them (from the requested topic), for the case page and the reports.
create table withdrawals (
  withdrawal_id text primary key,
  customer_ref text not null,
  chain text not null,
  asset text not null,
  amount_decimal text not null,
  destination text not null,
  payload bytea not null,
  received_at timestamptz not null default now()
);

create table cases (
  case_id text primary key,
  withdrawal_id text not null,
  customer_ref text not null,
  status smallint not null,
  trigger smallint not null,
  outcome smallint not null,
  decision_hash text not null,
  hits jsonb not null,
  sources smallint[] not null,
  assignee text not null default '',
  opened_at timestamptz not null,
  sla_due_at timestamptz not null,
  updated_at timestamptz not null,
  pending_proposal jsonb,
  pending_proposal_hash text not null default '',
  proposed_by text not null default '',
  resolved jsonb,
  resolved_at timestamptz,
  disposition smallint not null default 0,
  escalated boolean not null default false,
  last_audit_hash text not null,
  last_sequence bigint not null
);
-- One open case per withdrawal: a later decision or retro-hit joins it.
create unique index cases_one_open_per_withdrawal on cases (withdrawal_id) where status <> 4;
-- The analyst queue: unresolved cases, most urgent first, and the same order over every case.
create index cases_queue on cases (sla_due_at, case_id) where status <> 4;
create index cases_by_due on cases (sla_due_at, case_id);
create index cases_by_assignee on cases (assignee, sla_due_at, case_id) where status <> 4;
create index cases_by_customer on cases (customer_ref, sla_due_at);
create index cases_by_withdrawal on cases (withdrawal_id);

-- Every decision or retro-hit taken in, once: the idempotency key of intake.
create table case_triggers (
  trigger_key text primary key,
  case_id text,
  withdrawal_id text not null,
  kind smallint not null,
  payload bytea not null,
  received_at timestamptz not null default now()
);
create index case_triggers_by_case on case_triggers (case_id);

create table audit_log (
  case_id text not null,
  sequence bigint not null,
  actor text not null,
  actor_role smallint not null,
  occurred_at timestamptz not null,
  audit_hash text not null,
  entry bytea not null,
  primary key (case_id, sequence)
);

-- One final answer per withdrawal, ever.
create table dispositions (
  withdrawal_id text primary key,
  action smallint not null,
  case_id text not null default '',
  proposed_by text not null,
  approved_by text not null default '',
  decided_at timestamptz not null,
  decision_hash text not null,
  reason text not null,
  programs text[] not null default '{}'
);
create index dispositions_by_time on dispositions (decided_at);

-- Blocked property: funds in which a listed person has an interest, frozen and never returned.
create table blocked_property (
  withdrawal_id text primary key,
  case_id text not null,
  customer_ref text not null,
  chain text not null,
  asset text not null,
  amount_decimal text not null,
  destination text not null,
  entity_source smallint not null,
  entity_id text not null,
  entity_name text not null,
  programs text[] not null,
  list_versions jsonb not null,
  decision_hash text not null,
  blocked_at timestamptz not null,
  released_at timestamptz
);
create index blocked_property_by_time on blocked_property (blocked_at);

create table suppressions (
  customer_ref text not null,
  entity_source smallint not null,
  entity_id text not null,
  entity_hash text not null,
  case_id text not null,
  created_at timestamptz not null,
  primary key (customer_ref, entity_source, entity_id)
);

-- What to publish, in commit order (writers take an advisory lock before inserting, so ids commit in order).
create table outbox (
  id bigserial primary key,
  topic_role text not null,
  record_key text not null,
  headers jsonb not null,
  value bytea not null,
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_unpublished on outbox (id) where published_at is null;
`,
  },
  {
    id: '0002_listed_entities',
    sql: `
-- Listed entities as the entities topic carries them, every version kept (keyed by its entity_hash), so a case
-- shows the version its hit matched even after the list changed.
create table listed_entities (
  source smallint not null,
  entity_id text not null,
  entity_hash text not null,
  payload bytea not null,
  received_at timestamptz not null default now(),
  primary key (source, entity_id, entity_hash)
);
`,
  },
];
