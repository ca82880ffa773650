import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ChainAddress,
  Hit,
  HitKind,
  IngestChannel,
  ListSource,
  Party,
  PartyType,
  WithdrawalRequested,
  WithdrawalSubmission,
} from '@cordon/contracts';
import { createLogger, isRedactedKey } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, destination };
}

// Every personal datum below is distinctive, so that finding any of them anywhere in the output is a leak.
const customer = Party.fromPartial({
  customerRef: 'cust-ref-0042',
  type: PartyType.INDIVIDUAL,
  fullName: 'Ivan Sergeyevich Petrov',
  givenName: 'Ivanko',
  familyName: 'Petrovsky',
  otherNames: ['Иван Петров', 'Vanya Petroff'],
  dateOfBirth: '1971-02-03',
  nationalities: ['RU', 'CY'],
  countryOfResidence: 'UA-43',
});
const counterparty = Party.fromPartial({
  type: PartyType.ORGANISATION,
  fullName: 'Blue Harbour Trading LLC',
  otherNames: ['Синяя Гавань'],
  nationalities: ['AE'],
  countryOfResidence: 'AE-DU',
});
const destination = ChainAddress.fromPartial({
  ticker: 'ETH',
  chain: 'eth',
  address: '0x098B716B8Aaf21512996dC57EB0615e2383E2f96',
  canonical: 'eth:0x098b716b8aaf21512996dc57eb0615e2383e2f96',
  valid: true,
  chains: ['eth'],
});
const source = ChainAddress.fromPartial({
  ticker: 'ETH',
  chain: 'eth',
  address: '0x7F367cC41522cE07553e823bf3be79A889DEbe1B',
  canonical: 'eth:0x7f367cc41522ce07553e823bf3be79a889debe1b',
  valid: true,
  chains: ['eth'],
});
const withdrawal = WithdrawalRequested.fromPartial({
  idempotencyKey: 'idem-1',
  withdrawalId: 'w-1',
  customer,
  chain: 'eth',
  amount: { asset: 'ETH', amountDecimal: '1.5', amountMinor: 1_500_000_000_000_000_000n, decimals: 18 },
  destination,
  source,
  counterparty,
  requestedAt: { seconds: 1_700_000_000n, nanos: 0 },
  ingestedAt: { seconds: 1_700_000_001n, nanos: 0 },
  channel: IngestChannel.GRPC,
  partitionKey: 'cust-ref-0042',
  submissionSha256: 'ab'.repeat(32),
});

const PERSONAL_DATA = [
  'Ivan',
  'Petrov',
  'Ivanko',
  'Petrovsky',
  'Иван',
  'Vanya',
  '1971-02-03',
  '1971',
  '"CY"',
  'UA-43',
  'Blue Harbour',
  'Синяя',
  'AE-DU',
  '098B716B8Aaf',
  '098b716b8aaf',
  '7F367cC41522',
  '7f367cc41522',
];

function leaks(output: string): string[] {
  return PERSONAL_DATA.filter((datum) => output.includes(datum));
}

describe('logger', () => {
  it('stamps every line with the service and redacts secrets', () => {
    const { lines, destination: out } = capture();
    const logger = createLogger('screening', { destination: out });
    logger.child({ component: 'grpc' }).info({ withdrawalId: 'w-1', sasl: { password: 'hunter2' } }, 'screened');
    const line = JSON.parse(lines[0]!);
    expect(line.service).toBe('screening');
    expect(line.component).toBe('grpc');
    expect(line.withdrawalId).toBe('w-1');
    expect(JSON.stringify(line)).not.toContain('hunter2');
  });

  it('logs a full WithdrawalRequested, at any depth, in every form, without one personal datum', () => {
    const { lines, destination: out } = capture();
    const logger = createLogger('ingest', { destination: out, level: 'debug' });
    const json = WithdrawalRequested.toJSON(withdrawal);
    const hit = Hit.fromPartial({
      source: ListSource.OFAC_SDN,
      entityId: '10000',
      kind: HitKind.NAME,
      matchedValue: 'PETROV, Ivan Sergeyevich',
      queryField: 'customer.full_name',
      queryValue: 'Ivan Sergeyevich Petrov',
      scoreBp: 9_800,
    });
    logger.info({ withdrawal }, 'the event itself');
    logger.info(json as object, 'its proto JSON at the top level');
    logger.info({ batch: [{ record: { value: { event: json } } }], hits: [hit] }, 'deep in arrays');
    logger.child({ withdrawal }).warn('as a binding');
    logger.error({ err: Object.assign(new Error('publish failed'), { withdrawal }) }, 'inside an error');
    logger.info(
      {
        submission: WithdrawalSubmission.toJSON(
          WithdrawalSubmission.fromPartial({
            withdrawalId: 'w-1',
            customer,
            destinationAddress: destination.address,
            sourceAddress: source.address,
            counterparty,
          }),
        ),
      },
      'a submission as received',
    );
    const output = lines.join('');
    expect(lines).toHaveLength(6);
    expect(leaks(output)).toEqual([]);
    // What is not personal stays readable.
    const first = JSON.parse(lines[0]!);
    expect(first.withdrawal.withdrawalId).toBe('w-1');
    expect(first.withdrawal.customer.customerRef).toBe('cust-ref-0042');
    expect(first.withdrawal.customer.fullName).toBe('[redacted]');
    expect(first.withdrawal.destination.ticker).toBe('ETH');
    expect(JSON.parse(lines[4]!).err).toMatchObject({ message: 'publish failed', type: 'Error' });
  });

  it('redacts every field of Party but the reference and the type, and the addresses of ChainAddress', () => {
    // A field added to the contracts' Party fails here until the logger knows whether it is personal.
    const partyFields = Object.keys(Party.fromPartial({}));
    expect(partyFields.filter((field) => !isRedactedKey(field))).toEqual(['customerRef', 'type']);
    expect(isRedactedKey('full_name')).toBe(true);
    expect(isRedactedKey('COUNTRY_OF_RESIDENCE')).toBe(true);
    const addressFields = Object.keys(ChainAddress.fromPartial({}));
    expect(addressFields.filter(isRedactedKey)).toEqual(['address', 'canonical']);
  });

  it('survives cycles', () => {
    const { lines, destination: out } = capture();
    const logger = createLogger('ingest', { destination: out });
    const looped: Record<string, unknown> = { fullName: 'Ivan Petrov' };
    looped.self = looped;
    logger.info({ looped }, 'cycle');
    expect(JSON.parse(lines[0]!).looped).toEqual({ fullName: '[redacted]', self: '[circular]' });
  });
});
