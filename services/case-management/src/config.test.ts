import { describe, expect, it } from 'vitest';
import { loadCaseConfig } from './config.js';

const base = { KAFKA_BROKERS: '127.0.0.1:9092', DATABASE_URL: 'postgres://localhost/test', CASES_AUTH_JWKS_FILE: 'j' };

describe('case-management TLS settings', () => {
  it('takes a certificate and its key together, and a client CA only with them', () => {
    expect(loadCaseConfig({ ...base, CASES_TLS_CERT_FILE: 'c', CASES_TLS_KEY_FILE: 'k' }).CASES_TLS_CERT_FILE).toBe(
      'c',
    );
    expect(() => loadCaseConfig({ ...base, CASES_TLS_CERT_FILE: 'c' })).toThrow(
      'CASES_TLS_CERT_FILE and CASES_TLS_KEY_FILE go together',
    );
    expect(() => loadCaseConfig({ ...base, CASES_TLS_CLIENT_CA_FILE: 'ca' })).toThrow(
      'CASES_TLS_CLIENT_CA_FILE (mTLS) needs CASES_TLS_CERT_FILE and CASES_TLS_KEY_FILE',
    );
  });
});
