/**
 * `cordon token`: signs a bearer token with the local key that `cordon up` creates, for the embedded default's
 * demo users (there is no identity provider to sign in with). Production verifies tokens from a real one.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEV_USERS, mintDevToken } from '@cordon/platform';

/**
 * The demo users `cordon up` offers: the console's (one per role, two supervisors so four eyes can be tried),
 * plus `wallets`, the demo's producer (ingest, screening pre-checks), and `ops`, an operator (list-sync TriggerSync).
 */
export const DEMO_USERS: ReadonlyArray<{ user: string; roles: readonly string[] }> = [
  ...DEV_USERS,
  { user: 'wallets', roles: ['producer'] },
  { user: 'ops', roles: ['operator'] },
];

export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description('sign a bearer token for a local user (the embedded default; see `cordon up`)')
    .requiredOption('--user <id>', 'the user id (the token subject)')
    .option(
      '--roles <list>',
      'comma-separated roles: analyst, supervisor, auditor, admin, producer, operator (default: the demo user’s)',
    )
    .option('--hours <n>', 'lifetime in hours', '12')
    .option('--keys <dir>', 'the local key directory', join('.cordon', 'auth'))
    .action(async (options: { user: string; roles?: string; hours: string; keys: string }) => {
      const roles =
        options.roles
          ?.split(',')
          .map((r) => r.trim())
          .filter(Boolean) ?? DEMO_USERS.find((u) => u.user === options.user)?.roles;
      if (!roles || roles.length === 0) {
        console.error(`cordon token: ${options.user} is not a demo user; give --roles`);
        process.exitCode = 2;
        return;
      }
      const hours = Number(options.hours);
      if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) {
        console.error('cordon token: --hours must be between 0 and 720');
        process.exitCode = 2;
        return;
      }
      console.log(await mintDevToken(options.keys, options.user, roles, { lifetimeSeconds: Math.round(hours * 3600) }));
    });
}
