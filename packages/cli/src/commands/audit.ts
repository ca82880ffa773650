/**
 * `cordon audit verify`: checks case-management's tamper-evident audit chains, from PostgreSQL (the store of
 * record) or from the case-events topic (what left the service), and names the first broken link of each case.
 * Exit status 0 when every chain holds, 1 when one is broken, 2 on a usage or connection error.
 */
import type { Command } from 'commander';
import pg from 'pg';
import { DEFAULT_TOPIC_PREFIX, topicNames } from '@cordon/contracts';
import { createKafka, createLogger, readToEnd } from '@cordon/platform';
import { verifyChains, type StoredEntry, type VerifyResult } from '@cordon/case-management';

export function registerAuditCommands(program: Command): void {
  const audit = program.command('audit').description("case-management's tamper-evident audit log");
  audit
    .command('verify')
    .description('verify every case audit chain and name the first broken link')
    .option('--database-url <url>', 'PostgreSQL holding the audit log (default: DATABASE_URL)')
    .option('--schema <name>', "case-management's schema", 'case_management')
    .option('--topic', 'verify the case-events topic instead of PostgreSQL')
    .option('--brokers <list>', 'Kafka bootstrap servers (default: KAFKA_BROKERS, else 127.0.0.1:9092)')
    .option('--topic-prefix <prefix>', 'topic prefix (default: KAFKA_TOPIC_PREFIX, else cordon.)')
    .option('--json', 'print the result as JSON')
    .action(
      async (options: {
        databaseUrl?: string;
        schema: string;
        topic?: boolean;
        brokers?: string;
        topicPrefix?: string;
        json?: boolean;
      }) => {
        let result: VerifyResult;
        try {
          result = options.topic ? await fromTopic(options) : await fromPostgres(options);
        } catch (error) {
          console.error(`cordon audit verify: ${(error as Error).message}`);
          process.exitCode = 2;
          return;
        }
        if (options.json) {
          console.log(
            JSON.stringify({ ...result, breaks: result.breaks.map((b) => ({ ...b, sequence: String(b.sequence) })) }),
          );
        } else {
          console.log(`verified ${result.entries} entries of ${result.cases} cases`);
          for (const b of result.breaks)
            console.log(`BROKEN case ${b.caseId} at sequence ${b.sequence} (${b.where}): ${b.reason}`);
          console.log(result.breaks.length === 0 ? 'every chain holds' : `${result.breaks.length} broken chain(s)`);
        }
        process.exitCode = result.breaks.length === 0 ? 0 : 1;
      },
    );
}

async function fromPostgres(options: { databaseUrl?: string; schema: string }): Promise<VerifyResult> {
  const url = options.databaseUrl ?? process.env.DATABASE_URL;
  if (!url) throw new Error('set --database-url or DATABASE_URL');
  const client = new pg.Client({
    connectionString: url,
    options: `-c search_path=${pg.escapeIdentifier(options.schema)}`,
  });
  await client.connect();
  try {
    // Keyset pages keep memory bounded however long the log.
    const entries: StoredEntry[] = [];
    let after: [string, string] = ['', '0'];
    for (;;) {
      const { rows } = await client.query<{
        case_id: string;
        sequence: string;
        actor: string;
        audit_hash: string;
        entry: Buffer;
      }>(
        'select case_id, sequence, actor, audit_hash, entry from audit_log where (case_id, sequence) > ($1, $2) order by case_id, sequence limit 10000',
        after,
      );
      for (const row of rows) {
        entries.push({
          where: `audit_log case_id=${row.case_id} sequence=${row.sequence}`,
          bytes: row.entry,
          columns: { caseId: row.case_id, sequence: BigInt(row.sequence), actor: row.actor, auditHash: row.audit_hash },
        });
      }
      if (rows.length < 10000) break;
      after = [rows.at(-1)!.case_id, rows.at(-1)!.sequence];
    }
    return verifyChains(entries);
  } finally {
    await client.end();
  }
}

async function fromTopic(options: { brokers?: string; topicPrefix?: string }): Promise<VerifyResult> {
  const brokers = (options.brokers ?? process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const topic = topicNames(options.topicPrefix ?? process.env.KAFKA_TOPIC_PREFIX ?? DEFAULT_TOPIC_PREFIX).caseEvents;
  const kafka = createKafka({ clientId: 'cordon-audit', brokers }, createLogger('cli', { level: 'error' }));
  try {
    const records = await readToEnd(kafka, { topic, timeoutMillis: 300_000, settleMillis: 3_000 });
    return verifyChains(
      records.map((r) => ({
        where: `${topic} partition ${r.partition} offset ${r.offset}`,
        bytes: r.value ?? new Uint8Array(),
      })),
    );
  } finally {
    await kafka.close();
  }
}
