import { describe, expect, it } from 'vitest';
import {
  IngestChannel,
  Money,
  Party,
  PartyType,
  timestampFromMillis,
  type WithdrawalSubmission,
} from '@cordon/contracts';
import { ADDRESSES, NOW, validSubmission } from '../../test/fixtures.js';
import { requestedEvent, validateSubmission } from './submission.js';

const context = { nowMillis: NOW, maxFutureSkewMillis: 300_000 };

/** The violations (field:code) of the valid baseline after `change`. */
function violationsAfter(change: (s: WithdrawalSubmission) => void): string[] {
  const submission = validSubmission('v1');
  change(submission);
  const result = validateSubmission(submission, context);
  return result.ok ? [] : result.violations.map((v) => `${v.field}:${v.code}`);
}

describe('validateSubmission', () => {
  it('accepts the baseline and normalises it', () => {
    const result = validateSubmission(validSubmission('v1'), context);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      idempotencyKey: 'idem-v1',
      withdrawalId: 'wd-v1',
      customer: {
        customerRef: 'cust-v1',
        type: PartyType.INDIVIDUAL,
        fullName: 'Ivan Petrov',
        givenName: '',
        familyName: '',
        otherNames: [],
        dateOfBirth: '1980-02-29',
        nationalities: ['RU', 'DE'],
        countryOfResidence: 'UA-43',
      },
      chain: { name: 'eth', id: 'eth' },
      amount: { asset: 'USDT', amountDecimal: '1250.5', amountMinor: 1_250_500_000n, decimals: 6 },
      destination: {
        ticker: 'USDT',
        chain: 'eth',
        address: ADDRESSES.eth,
        canonical: `evm:${ADDRESSES.ethLower}`,
        valid: true,
        chains: ['eth'],
        reason: '',
      },
      requestedAt: timestampFromMillis(NOW - 60_000),
    });
  });

  it('canonicalises every written form of an address to one key', () => {
    const canonical = (chain: string, address: string) => {
      const result = validateSubmission(
        validSubmission('c', NOW, {
          chain,
          destinationAddress: address,
          amount: Money.fromPartial({ asset: chain, amountDecimal: '1' }),
        }),
        context,
      );
      return result.ok ? result.value.destination.canonical : result.violations;
    };
    expect(canonical('eth', ADDRESSES.ethLower)).toBe(canonical('eth', ADDRESSES.eth));
    expect(canonical('eth', ADDRESSES.ethLower.toUpperCase().replace('0X', '0x'))).toBe(`evm:${ADDRESSES.ethLower}`);
    expect(canonical('btc', ADDRESSES.btcBech32Upper)).toBe('bech32:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq');
    expect(canonical('XBT', ADDRESSES.btcLegacy)).toBe(`b58:${ADDRESSES.btcLegacy}`);
  });

  it.each<[string, (s: WithdrawalSubmission) => void, string[]]>([
    ['no idempotency key', (s) => (s.idempotencyKey = ''), ['idempotency_key:REQUIRED']],
    ['a key with a space', (s) => (s.idempotencyKey = 'a b'), ['idempotency_key:BAD_CHARACTERS']],
    ['a 129-character withdrawal id', (s) => (s.withdrawalId = 'w'.repeat(129)), ['withdrawal_id:TOO_LONG']],
    ['no customer', (s) => delete s.customer, ['customer:REQUIRED']],
    ['no customer reference', (s) => (s.customer!.customerRef = ''), ['customer.customer_ref:REQUIRED']],
    ['an unknown party type', (s) => (s.customer!.type = 7 as PartyType), ['customer.type:INVALID_ENUM']],
    [
      'a name with a control character',
      (s) => (s.customer!.fullName = 'Ivan\u0007'),
      ['customer.full_name:BAD_CHARACTERS'],
    ],
    ['a name that was not UTF-8', (s) => (s.customer!.fullName = 'Iv\ufffdn'), ['customer.full_name:BAD_CHARACTERS']],
    ['a 301-character name', (s) => (s.customer!.familyName = 'x'.repeat(301)), ['customer.family_name:TOO_LONG']],
    ['an empty other name', (s) => (s.customer!.otherNames = ['Vanya', ' ']), ['customer.other_names[1]:REQUIRED']],
    [
      'a DOB in another format',
      (s) => (s.customer!.dateOfBirth = '29.02.1980'),
      ['customer.date_of_birth:BAD_DATE_FORMAT'],
    ],
    ['a DOB that is no date', (s) => (s.customer!.dateOfBirth = '1981-02-29'), ['customer.date_of_birth:INVALID_DATE']],
    ['a DOB tomorrow', (s) => (s.customer!.dateOfBirth = '2026-03-02'), ['customer.date_of_birth:DATE_IN_FUTURE']],
    [
      'an alpha-3 nationality',
      (s) => (s.customer!.nationalities = ['RUS']),
      ['customer.nationalities[0]:INVALID_COUNTRY'],
    ],
    [
      'an unknown residence',
      (s) => (s.customer!.countryOfResidence = 'XX'),
      ['customer.country_of_residence:INVALID_COUNTRY'],
    ],
    [
      'an empty counterparty',
      (s) =>
        (s.counterparty = {
          ...s.customer!,
          customerRef: '',
          fullName: '',
          nationalities: [],
          dateOfBirth: '',
          countryOfResidence: '',
        }),
      ['counterparty:EMPTY_PARTY'],
    ],
    [
      'a counterparty with a bad DOB',
      (s) => (s.counterparty = { ...s.customer!, customerRef: '', dateOfBirth: '1980-2-1' }),
      ['counterparty.date_of_birth:BAD_DATE_FORMAT'],
    ],
    ['no chain', (s) => (s.chain = ''), ['chain:REQUIRED']],
    ['an unknown chain', (s) => (s.chain = 'ton'), ['chain:UNSUPPORTED_CHAIN']],
    ['a token for a chain', (s) => (s.chain = 'USDT'), ['chain:UNSUPPORTED_CHAIN']],
    ['any EVM chain', (s) => (s.chain = 'evm'), ['chain:UNSUPPORTED_CHAIN']],
    ['no amount', (s) => delete s.amount, ['amount:REQUIRED']],
    ['a float amount', (s) => (s.amount!.amountDecimal = '1.5e3'), ['amount.amount_decimal:INVALID_AMOUNT']],
    [
      'a 7-decimal USDT amount',
      (s) => (s.amount!.amountDecimal = '1.0000001'),
      ['amount.amount_decimal:TOO_MANY_DECIMALS'],
    ],
    ['no destination', (s) => (s.destinationAddress = ''), ['destination_address:REQUIRED']],
    [
      'a bad EIP-55 checksum',
      (s) => (s.destinationAddress = ADDRESSES.eth.replace('16', '17')),
      ['destination_address:INVALID_ADDRESS'],
    ],
    [
      'a Tron address on Ethereum',
      (s) => (s.destinationAddress = ADDRESSES.trx),
      ['destination_address:INVALID_ADDRESS'],
    ],
    ['an Ethereum address on Tron', (s) => (s.chain = 'trx'), ['destination_address:INVALID_ADDRESS']],
    ['a bad source address', (s) => (s.sourceAddress = '0x1234'), ['source_address:INVALID_ADDRESS']],
    ['no requested_at', (s) => delete s.requestedAt, ['requested_at:REQUIRED']],
    [
      'requested_at an hour ahead',
      (s) => (s.requestedAt = timestampFromMillis(NOW + 3_600_000)),
      ['requested_at:TIMESTAMP_IN_FUTURE'],
    ],
  ])('rejects %s', (_name, change, expected) => {
    expect(violationsAfter(change)).toEqual(expected);
  });

  it('reports every bad field at once, not only the first', () => {
    expect(
      violationsAfter((s) => {
        s.idempotencyKey = '';
        s.customer!.dateOfBirth = '1980-13-01';
        s.chain = 'trx';
        s.amount!.amountDecimal = '-1';
        delete s.requestedAt;
      }),
    ).toEqual([
      'idempotency_key:REQUIRED',
      'customer.date_of_birth:INVALID_DATE',
      'amount.amount_decimal:INVALID_AMOUNT',
      'destination_address:INVALID_ADDRESS',
      'requested_at:REQUIRED',
    ]);
  });
});

describe('requestedEvent', () => {
  it('keys the event by the customer reference and records how and when it was accepted', () => {
    const result = validateSubmission(
      validSubmission('e1', NOW, {
        sourceAddress: ADDRESSES.ethLower,
        counterparty: Party.fromPartial({ fullName: ' Acme  Ltd ' }),
      }),
      context,
    );
    if (!result.ok) throw new Error(JSON.stringify(result.violations));
    const event = requestedEvent(result.value, {
      ingestedAtMillis: NOW + 5,
      channel: IngestChannel.KAFKA,
      submissionSha256: 'ab'.repeat(32),
      producer: 'kafka:cordon.withdrawals.intake',
    });
    expect(event.partitionKey).toBe('cust-e1');
    // Review F5: the authenticated producer was dropped; the event now says who submitted it.
    expect(event.producer).toBe('kafka:cordon.withdrawals.intake');
    expect(event.chain).toBe('eth');
    expect(event.ingestedAt).toEqual({ seconds: BigInt(NOW / 1000), nanos: 5_000_000 });
    expect(event.channel).toBe(IngestChannel.KAFKA);
    expect(event.submissionSha256).toBe('ab'.repeat(32));
    expect(event.source?.canonical).toBe(`evm:${ADDRESSES.ethLower}`);
    expect(event.counterparty?.fullName).toBe('Acme Ltd');
  });
});
