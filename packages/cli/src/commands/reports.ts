/**
 * `cordon reports`: what OFAC needs for the reports of blocked property and of rejected transactions over a date
 * range, and the annual report of blocked property held as of June 30, as JSON and as a printable HTML page.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import pg from 'pg';
import { blockedTransfers, buildReport, rejectedTransfers, renderHtml, type Report } from '@cordon/case-management';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function registerReportsCommand(program: Command): void {
  program
    .command('reports')
    .description(
      'OFAC reports of blocked property and rejected transactions (and the annual June 30 report) from case-management',
    )
    .option('--from <YYYY-MM-DD>', 'first day of the period (UTC)')
    .option('--to <YYYY-MM-DD>', 'last day of the period, inclusive (UTC)')
    .option('--annual <year>', 'the annual report of blocked property held as of June 30 of that year')
    .option('--kind <kind>', 'blocked, rejected or both', 'both')
    .requiredOption('--filer <name>', 'the filing institution, as it appears on the report')
    .option('--format <format>', 'json or html', 'json')
    .option('--out <file>', 'write here instead of standard output')
    .option('--database-url <url>', 'PostgreSQL of case-management (default: DATABASE_URL)')
    .option('--schema <name>', "case-management's schema", 'case_management')
    .action(
      async (options: {
        from?: string;
        to?: string;
        annual?: string;
        kind: string;
        filer: string;
        format: string;
        out?: string;
        databaseUrl?: string;
        schema: string;
      }) => {
        const fail = (message: string) => {
          console.error(`cordon reports: ${message}`);
          process.exitCode = 2;
        };
        const url = options.databaseUrl ?? process.env.DATABASE_URL;
        if (!url) return fail('set --database-url or DATABASE_URL');
        if (!['json', 'html'].includes(options.format)) return fail('--format is json or html');
        if (!['blocked', 'rejected', 'both'].includes(options.kind)) return fail('--kind is blocked, rejected or both');
        if (!options.annual && (!options.from || !options.to || !DAY.test(options.from) || !DAY.test(options.to))) {
          return fail('give --from and --to as YYYY-MM-DD, or --annual <year>');
        }
        if (options.annual && !/^\d{4}$/.test(options.annual)) return fail('--annual takes a year, e.g. 2026');
        const client = new pg.Client({
          connectionString: url,
          options: `-c search_path=${pg.escapeIdentifier(options.schema)}`,
        });
        await client.connect();
        const now = new Date().toISOString();
        const reports: Report[] = [];
        try {
          if (options.annual) {
            const asOf = `${options.annual}-06-30`;
            reports.push(
              buildReport(
                'annual-blocked-property',
                options.filer,
                { asOf },
                await blockedTransfers(client, { asOf: new Date(`${asOf}T23:59:59.999Z`) }),
                now,
              ),
            );
          } else {
            const range = {
              from: new Date(`${options.from}T00:00:00Z`),
              to: new Date(Date.parse(`${options.to}T00:00:00Z`) + 86_400_000),
            };
            const period = { from: options.from!, to: options.to! };
            if (options.kind !== 'rejected')
              reports.push(
                buildReport('blocked-property', options.filer, period, await blockedTransfers(client, range), now),
              );
            if (options.kind !== 'blocked')
              reports.push(
                buildReport(
                  'rejected-transactions',
                  options.filer,
                  period,
                  await rejectedTransfers(client, range),
                  now,
                ),
              );
          }
        } finally {
          await client.end();
        }
        const text =
          options.format === 'json'
            ? `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`
            : renderHtml(reports);
        if (options.out) {
          writeFileSync(options.out, text);
          console.error(`wrote ${options.out}: ${reports.map((r) => `${r.transfers.length} ${r.kind}`).join(', ')}`);
        } else process.stdout.write(text);
      },
    );
}
