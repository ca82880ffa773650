import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, parsePolicy } from '@cordon/screening-core';
import { coreEngine } from '@cordon/screening-core/contract';
import { checkPolicy } from './policy-check.js';

describe('checkPolicy', () => {
  const standard = coreEngine(DEFAULT_POLICY);
  const lax = coreEngine(parsePolicy({ address: { onHit: 'ALLOW' } }));

  it('lets the default policy run, with or without an expected hash that matches', () => {
    expect(checkPolicy(standard, {})).toEqual({ problems: [], allowedUnsafe: [] });
    expect(checkPolicy(standard, { expectedHash: standard.policyHash }).problems).toEqual([]);
  });

  it('refuses a policy whose hash is not the expected one, naming both', () => {
    const { problems } = checkPolicy(standard, { expectedHash: 'f'.repeat(64) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(standard.policyHash);
    expect(problems[0]).toContain('f'.repeat(64));
  });

  it('refuses a permissive policy unless the unsafe flag is set', () => {
    expect(checkPolicy(lax, {}).problems.join()).toMatch(/address\.onHit is ALLOW.*SCREENING_POLICY_ALLOW_UNSAFE/);
    expect(checkPolicy(lax, { allowUnsafe: true })).toEqual({
      problems: [],
      allowedUnsafe: ['address.onHit is ALLOW: listed addresses pass'],
    });
  });
});
