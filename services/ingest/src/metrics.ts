import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { DeadLetterReason, IngestChannel, deadLetterReasonToJSON } from '@cordon/contracts';
import type { ItemOutcome } from './ingestor.js';

const CHANNELS: Record<number, string> = { [IngestChannel.GRPC]: 'grpc', [IngestChannel.KAFKA]: 'kafka' };

/** Ingest's Prometheus metrics, all named `ingest_*`. */
export class IngestMetrics {
  private readonly submissions: Counter<'channel' | 'outcome' | 'reason'>;
  private readonly duration: Histogram<'channel'>;
  private readonly recoveries: Counter<'result'>;
  private readonly deadLetters: Counter<'reason'>;
  private readonly purged: Counter<'what'>;

  constructor(registry: Registry, inFlight: () => number) {
    this.submissions = new Counter({
      name: 'ingest_submissions_total',
      help: 'Submissions by channel and outcome (accepted, duplicate, rejected, overloaded, unavailable) and reason',
      labelNames: ['channel', 'outcome', 'reason'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'ingest_submit_duration_seconds',
      help: 'Time from receiving a submission (or a chunk of a stream or intake batch) to answering it',
      labelNames: ['channel'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    this.recoveries = new Counter({
      name: 'ingest_recoveries_total',
      help: 'Interrupted reservations completed: found on the topic already, or written again',
      labelNames: ['result'],
      registers: [registry],
    });
    this.purged = new Counter({
      name: 'ingest_purged_total',
      help: 'Records deleted past their retention: published submissions (PostgreSQL) and dead letters (topic offsets)',
      labelNames: ['what'],
      registers: [registry],
    });
    this.deadLetters = new Counter({
      name: 'ingest_dead_letters_total',
      help: 'Intake records sent to the dead-letter topic, by reason',
      labelNames: ['reason'],
      registers: [registry],
    });
    new Gauge({
      name: 'ingest_in_flight',
      help: 'Submissions admitted and not yet settled',
      registers: [registry],
      collect() {
        this.set(inFlight());
      },
    });
  }

  /** Counts the outcomes of one submit call and observes its duration. */
  observe(channel: IngestChannel, outcomes: readonly ItemOutcome[], seconds: number): void {
    const name = CHANNELS[channel] ?? 'unknown';
    for (const outcome of outcomes) {
      const reason =
        outcome.kind === 'invalid' || outcome.kind === 'conflict' ? (outcome.violations[0]?.code ?? '') : '';
      const label = outcome.kind === 'invalid' || outcome.kind === 'conflict' ? 'rejected' : outcome.kind;
      this.submissions.inc({ channel: name, outcome: label, reason });
    }
    this.duration.observe({ channel: name }, seconds);
  }

  /** Counts one completed recovery. */
  recovered(found: boolean): void {
    this.recoveries.inc({ result: found ? 'found' : 'republished' });
  }

  /** Counts one dead-lettered intake record. */
  deadLettered(reason: DeadLetterReason): void {
    this.deadLetters.inc({ reason: deadLetterReasonToJSON(reason) });
  }

  /** Counts records deleted past their retention. */
  purgedRecords(what: 'submissions' | 'dead-letters', count: number): void {
    if (count > 0) this.purged.inc({ what }, count);
  }
}
