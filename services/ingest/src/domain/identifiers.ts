import type { Violations } from './violations.js';

/** Longest idempotency key, withdrawal id or customer reference accepted (matches the proto contract). */
export const MAX_IDENTIFIER_LENGTH = 128;

// Visible ASCII only: no whitespace, no control characters, no look-alike Unicode. Identifiers end up in Kafka
// keys, log lines, SQL parameters and URLs of the analyst console; one byte per character keeps them
// unambiguous and their length bound a byte bound.
const SAFE_IDENTIFIER = /^[\x21-\x7e]+$/;

/**
 * Checks an identifier field (idempotency key, withdrawal id, customer reference): present, at most
 * {@link MAX_IDENTIFIER_LENGTH} characters, visible ASCII only. Returns the value unchanged when it passes.
 */
export function checkIdentifier(
  value: string,
  field: string,
  violations: Violations,
  options: { required: boolean } = { required: true },
): string | undefined {
  if (value === '') {
    if (options.required) violations.add(field, 'REQUIRED', `${field} is required`);
    return undefined;
  }
  if (value.length > MAX_IDENTIFIER_LENGTH) {
    violations.add(field, 'TOO_LONG', `${field} has ${value.length} characters, at most ${MAX_IDENTIFIER_LENGTH}`);
    return undefined;
  }
  if (!SAFE_IDENTIFIER.test(value)) {
    violations.add(
      field,
      'BAD_CHARACTERS',
      `${field} must be visible ASCII characters (0x21-0x7E): no spaces, control or non-ASCII characters`,
    );
    return undefined;
  }
  return value;
}
