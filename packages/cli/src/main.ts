import { Command } from 'commander';
import { registerAddressCommands } from './commands/addresses.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerTokenCommand } from './commands/token.js';
import { registerReportsCommand } from './commands/reports.js';
import { registerListCommands } from './commands/lists.js';
import { registerLookbackCommands } from './commands/lookback.js';
import { registerScreenCommands } from './commands/screen.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerReplayCommands } from './commands/replay.js';
import { registerUpCommand } from './commands/up.js';

/** Builds the `cordon` command tree. Each area registers its own sub-commands from `./commands/`. */
export function buildProgram(): Command {
  const program = new Command('cordon')
    .description('Cordon: real-time sanctions screening of crypto withdrawals, replayable for auditors.')
    .showHelpAfterError();
  registerUpCommand(program);
  registerDemoCommand(program);
  registerAddressCommands(program);
  registerListCommands(program);
  registerScreenCommands(program);
  registerReplayCommands(program);
  registerAuditCommands(program);
  registerLookbackCommands(program);
  registerTokenCommand(program);
  registerReportsCommand(program);
  return program;
}

/** Runs the CLI with process-style arguments (`argv[0]` is node, `argv[1]` the script). */
export async function main(argv: string[]): Promise<void> {
  await buildProgram().parseAsync(argv);
}
