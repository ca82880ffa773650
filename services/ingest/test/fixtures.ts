/** Submissions for unit and integration tests: one valid baseline that each test varies. */
import { PartyType, WithdrawalSubmission, timestampFromMillis } from '@cordon/contracts';

/** A fixed ingest clock reading for unit tests: 2026-03-01T12:00:00Z. */
export const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

/** Real, valid addresses (checksums verified by the address package). */
export const ADDRESSES = {
  /** EIP-55 spelling; its canonical key is the lower-case form. */
  eth: '0x8589427373D6D84E98730D7795D8f6f8731FDA16',
  ethLower: '0x8589427373d6d84e98730d7795d8f6f8731fda16',
  btcLegacy: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
  btcBech32Upper: 'BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ',
  trx: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE',
} as const;

/** A valid submission: USDT on Ethereum to an EIP-55 address, requested a minute before `now`. */
export function validSubmission(
  id: string,
  now = NOW,
  overrides: Partial<WithdrawalSubmission> = {},
): WithdrawalSubmission {
  return WithdrawalSubmission.fromPartial({
    idempotencyKey: `idem-${id}`,
    withdrawalId: `wd-${id}`,
    customer: {
      customerRef: `cust-${id}`,
      type: PartyType.INDIVIDUAL,
      fullName: '  Ivan   Petrov ',
      dateOfBirth: '1980-02-29',
      nationalities: ['ru', 'RU', 'de'],
      countryOfResidence: 'ua-43',
    },
    chain: 'ETH',
    amount: { asset: 'usdt', amountDecimal: '1250.50' },
    destinationAddress: ` ${ADDRESSES.eth} `,
    requestedAt: timestampFromMillis(now - 60_000),
    ...overrides,
  });
}
