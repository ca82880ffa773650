/**
 * Whether the policy the engine was built with may run here: the hash the deployment expects
 * (`SCREENING_EXPECTED_POLICY_HASH`, so replicas cannot run different policies unnoticed), and nothing more
 * permissive than the default unless the deployment says so (`SCREENING_POLICY_ALLOW_UNSAFE`). Pure.
 */
import { parsePolicy, permissiveSettings } from '@cordon/screening-core';

/** What the check needs to know of the engine. */
export interface PolicyFacts {
  policyHash: string;
  /** The canonical JSON the hash covers (the merged policy, defaults filled in). */
  policyJson: string;
}

/** The deployment's expectations. */
export interface PolicyExpectations {
  expectedHash?: string | undefined;
  allowUnsafe?: boolean | undefined;
}

/** Every reason the policy may not run (empty when it may), and the permissive settings allowed by the flag. */
export function checkPolicy(
  engine: PolicyFacts,
  expect: PolicyExpectations,
): { problems: string[]; allowedUnsafe: string[] } {
  const problems: string[] = [];
  if (expect.expectedHash !== undefined && expect.expectedHash !== engine.policyHash) {
    problems.push(
      `policy hash ${engine.policyHash} is not the expected ${expect.expectedHash} (SCREENING_EXPECTED_POLICY_HASH)`,
    );
  }
  const permissive = permissiveSettings(parsePolicy(JSON.parse(engine.policyJson)));
  if (permissive.length > 0 && expect.allowUnsafe !== true) {
    problems.push(
      `the policy is more permissive than the default (${permissive.join('; ')}); ` +
        'set SCREENING_POLICY_ALLOW_UNSAFE=true if that is meant',
    );
  }
  return { problems, allowedUnsafe: expect.allowUnsafe === true ? permissive : [] };
}
