import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** case-management's metrics (names prefixed `case_management_`). */
export class CaseMetrics {
  readonly opened: Counter;
  readonly joined: Counter;
  readonly released: Counter;
  readonly duplicates: Counter;
  readonly deadLettered: Counter;
  readonly published: Counter;
  readonly escalated: Counter;
  readonly overdue: Gauge;
  readonly leader: Gauge;
  readonly outboxLag: Gauge;
  readonly actions: Counter<'action' | 'result'>;
  readonly intakeSeconds: Histogram;
  readonly relaySeconds: Histogram;

  constructor(registry: Registry) {
    const counter = (name: string, help: string) =>
      new Counter({ name: `case_management_${name}`, help, registers: [registry] });
    this.opened = counter('cases_opened_total', 'Cases opened from decisions and retro-hits.');
    this.joined = counter('cases_joined_total', 'Decisions and retro-hits that joined an open case.');
    this.released = counter('automatic_releases_total', 'ALLOW decisions released without a case.');
    this.duplicates = counter('duplicate_triggers_total', 'Decisions and retro-hits taken in before (re-delivered).');
    this.deadLettered = counter('dead_letters_total', 'Input records sent to the dead-letter topic.');
    this.published = counter('outbox_published_total', 'Outbox records written to Kafka.');
    this.escalated = counter('cases_escalated_total', 'Cases escalated past their SLA due time.');
    this.overdue = new Gauge({
      name: 'case_management_cases_overdue',
      help: 'Unresolved cases past their SLA due time.',
      registers: [registry],
    });
    this.outboxLag = new Gauge({
      name: 'case_management_outbox_lag_seconds',
      help: 'Age of the oldest outbox record not yet on Kafka.',
      registers: [registry],
    });
    this.leader = new Gauge({
      name: 'case_management_leader',
      help: '1 while this instance runs intake and the relay.',
      registers: [registry],
    });
    this.actions = new Counter({
      name: 'case_management_actions_total',
      help: 'Workflow calls by action and result (ok or the refusal reason).',
      labelNames: ['action', 'result'],
      registers: [registry],
    });
    const buckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
    this.intakeSeconds = new Histogram({
      name: 'case_management_intake_batch_seconds',
      help: 'One intake batch transaction.',
      buckets,
      registers: [registry],
    });
    this.relaySeconds = new Histogram({
      name: 'case_management_relay_batch_seconds',
      help: 'One relay transaction.',
      buckets,
      registers: [registry],
    });
  }
}
