import { DeadLetterReason } from './gen/cordon/common/v1/errors.js';
import { CaseEvent, Disposition, RelayCheckpoint, Suppression } from './gen/cordon/cases/v1/cases.js';
import { ListSource, SanctionedEntity } from './gen/cordon/sanctions/v1/entity.js';
import {
  ListQuarantined,
  ListSnapshotChunk,
  ListSourceConfirmation,
  ListVersionManifest,
} from './gen/cordon/sanctions/v1/list_sync.js';
import { LookbackRun, PolicyInForce, RetroHit, ScreeningDecision } from './gen/cordon/screening/v1/screening.js';
import { WithdrawalRequested, WithdrawalSubmission } from './gen/cordon/withdrawals/v1/withdrawals.js';
import { listSourceSlug } from './sources.js';

/** The encoder/decoder pair ts-proto generates for a message (structurally the platform's ProtoCodec). */
export interface ProtoCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

/** A message type that travels as a Kafka record value: its name, schema version, codec and key convention. */
export interface EventType<T, N extends string = string> {
  /** Fully qualified proto name, written to the `cordon-type` header. */
  readonly typeName: N;
  /**
   * Written to the `cordon-schema-version` header. Raise it when the message gains fields that a reader
   * rolled back to older code must not silently drop (such readers refuse newer versions).
   */
  readonly schemaVersion: number;
  /** The generated codec. */
  readonly codec: ProtoCodec<T>;
  /** The record key of a message of this type (the topic's key convention). */
  readonly key: (message: T) => string;
}

function eventType<T, N extends string>(
  codec: ProtoCodec<T> & { readonly $type: N },
  schemaVersion: number,
  key: (message: T) => string,
): EventType<T, N> {
  return Object.freeze({ typeName: codec.$type, schemaVersion, codec, key });
}

/** The Kafka key of a sanctions entity (also the key of its tombstone): `<source slug>:<publisher id>`. */
export function sanctionsEntityKey(source: ListSource, entityId: string): string {
  return `${listSourceSlug(source)}:${entityId}`;
}

/** The Kafka key of a suppression: `<customer ref>|<source slug>:<entity id>` (one live suppression per pair). */
export function suppressionKey(customerRef: string, source: ListSource, entityId: string): string {
  return `${customerRef}|${sanctionsEntityKey(source, entityId)}`;
}

/** Every message type that is a Kafka record value, by short name. */
export const EVENT_TYPES = Object.freeze({
  withdrawalSubmission: eventType(WithdrawalSubmission, 1, (m) => m.idempotencyKey),
  withdrawalRequested: eventType(WithdrawalRequested, 1, (m) => m.customer?.customerRef ?? ''),
  sanctionedEntity: eventType(SanctionedEntity, 1, (m) => sanctionsEntityKey(m.source, m.id)),
  listSnapshotChunk: eventType(ListSnapshotChunk, 1, (m) => listSourceSlug(m.source)),
  listVersionManifest: eventType(ListVersionManifest, 1, (m) => listSourceSlug(m.source)),
  listSourceConfirmation: eventType(ListSourceConfirmation, 1, (m) => listSourceSlug(m.source)),
  listQuarantined: eventType(ListQuarantined, 1, (m) => listSourceSlug(m.source)),
  screeningDecision: eventType(ScreeningDecision, 1, (m) => m.withdrawalId),
  retroHit: eventType(RetroHit, 1, (m) => m.withdrawalId),
  lookbackRun: eventType(LookbackRun, 1, (m) => m.newVersion?.contentHash ?? ''),
  policyInForce: eventType(PolicyInForce, 1, (m) => m.policyHash),
  caseEvent: eventType(CaseEvent, 1, (m) => m.caseId),
  disposition: eventType(Disposition, 1, (m) => m.withdrawalId),
  relayCheckpoint: eventType(RelayCheckpoint, 1, () => 'case-management'),
  suppression: eventType(Suppression, 1, (m) => suppressionKey(m.customerRef, m.source, m.entityId)),
});

type EventTypes = typeof EVENT_TYPES;

/** Any registered event type. */
export type AnyEventType = EventTypes[keyof EventTypes];

/** The fully qualified name of any registered event type. */
export type EventTypeName = AnyEventType['typeName'];

/** A decoded record value with its type name; switch on `typeName` to narrow `message`. */
export type DecodedEvent = {
  [K in keyof EventTypes]: EventTypes[K] extends EventType<infer T, infer N> ? { typeName: N; message: T } : never;
}[keyof EventTypes];

const BY_NAME: ReadonlyMap<string, AnyEventType> = new Map(Object.values(EVENT_TYPES).map((t) => [t.typeName, t]));

/** A record value that cannot be decoded. Never retriable: the same bytes fail the same way. */
export class EventDecodeError extends Error {
  /** The dead-letter reason to file the record under. */
  readonly reason: DeadLetterReason;
  /** Always false; present so generic retry logic can tell. */
  readonly retriable = false;

  constructor(reason: DeadLetterReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventDecodeError';
    this.reason = reason;
  }
}

/**
 * The registered event type named `typeName` (the `cordon-type` header). Throws EventDecodeError with
 * MISSING_TYPE when the name is absent or empty and UNKNOWN_TYPE when no event type has that name.
 */
export function eventTypeFor(typeName: string | undefined): AnyEventType {
  if (typeName === undefined || typeName === '') {
    throw new EventDecodeError(DeadLetterReason.MISSING_TYPE, 'record has no type name');
  }
  const type = BY_NAME.get(typeName);
  if (type === undefined) throw new EventDecodeError(DeadLetterReason.UNKNOWN_TYPE, `unknown event type ${typeName}`);
  return type;
}

/**
 * Decodes `value` as the event type named `typeName`, for consumers of topics that carry several types.
 * Throws EventDecodeError: MISSING_TYPE / UNKNOWN_TYPE as eventTypeFor, MALFORMED when the bytes do not decode.
 * Schema-version checks belong to the reader of the headers (the platform's decodeEvent).
 */
export function decodeByTypeName(typeName: string | undefined, value: Uint8Array): DecodedEvent {
  const type = eventTypeFor(typeName);
  let message: unknown;
  try {
    message = type.codec.decode(value);
  } catch (error) {
    throw new EventDecodeError(
      DeadLetterReason.MALFORMED,
      `${type.typeName} value does not decode: ${(error as Error).message}`,
      { cause: error },
    );
  }
  // The union of event types loses the name-to-message correlation; the lookup above restores it.
  return { typeName: type.typeName, message } as DecodedEvent;
}

/**
 * The record key of `message` under its type's convention. Throws when the key would be empty: an empty key
 * sends every such record to one partition and breaks per-key ordering, so it is a bug upstream.
 */
export function recordKey<T>(type: EventType<T>, message: T): string {
  const key = type.key(message);
  if (key === '') throw new RangeError(`${type.typeName} has an empty record key`);
  return key;
}
