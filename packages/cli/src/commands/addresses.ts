import type { Command } from 'commander';

/** `cordon addresses ...`: chain-aware address tools. */
export function registerAddressCommands(program: Command): void {
  const addresses = program.command('addresses').description('Chain-aware crypto address tools');
  addresses
    .command('check')
    .description('Read TICKER<TAB>ADDRESS lines on stdin; write validity, chain(s) and canonical key per line')
    .action(async () => {
      throw new Error('not implemented yet');
    });
}
