/**
 * A client process busy through a broker restart (its own KRaft broker, stopped and started again on the same port
 * and data, as the chaos run does) must neither die nor stay stuck: screening died natively (SIGABRT, assertion
 * `eonce->refcnt > 0` in librdkafka) right after the chaos run's broker restarts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, ensureTopics } from '@cordon/platform';
import { freePort, startLocalKafka, type LocalKafka } from '../../../infra/local/kafka.js';
import { testLogger, uniqueName } from '../../../test/support.js';

const CHILD = 'packages/platform/test/fixtures/busy-through-outage.ts';
// Longer than the admin client's 5 s request timeout, so that requests asked for during the outage time out.
const OUTAGE_MILLIS = 10_000;

describe('a busy client through a broker restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cordon-restart-kafka-'));
  let port = 0;
  let kafka: LocalKafka | undefined;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    port = await freePort();
    kafka = await startLocalKafka({ dataDir, port, heap: '512m' });
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await kafka?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps committing transactions and answering offset queries, and exits cleanly', async () => {
    const brokers = kafka!.brokers;
    const topic = uniqueName('restart');
    const client = createKafka({ brokers: [brokers], clientId: uniqueName('restart-setup') }, testLogger());
    await ensureTopics(client, [{ topic, partitions: 3 }]);
    await client.close();

    child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { ...process.env, OUTAGE_BROKERS: brokers, OUTAGE_TOPIC: topic, OUTAGE_GROUP: uniqueName('restart-group') },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child!.once('exit', (code, signal) => resolve({ code, signal })),
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
    const lines: string[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      for (const wake of waiters.splice(0)) wake();
    });
    const waitFor = async (match: (line: string) => boolean, millis: number) => {
      const deadline = Date.now() + millis;
      while (!lines.some(match)) {
        if (child!.exitCode !== null || child!.signalCode !== null) break;
        if (Date.now() > deadline) break;
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 500);
        });
      }
      return lines.some(match);
    };

    expect(await waitFor((l) => l === 'ready', 60_000), `child never ready; stderr: ${stderr}`).toBe(true);
    await kafka!.stop();
    await new Promise((resolve) => setTimeout(resolve, OUTAGE_MILLIS));
    kafka = await startLocalKafka({ dataDir, port, heap: '512m' });
    child.stdin!.write('restarted\n');

    // Transactions go on after the restart, and the process lives on while the requests of the outage settle.
    const committedAgain = await waitFor((l) => l === 'committed 5', 90_000);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    child.stdin!.write('stop\n');
    const exit = await Promise.race([
      exited,
      new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 60_000)),
    ]);
    expect(exit, `child exit; stderr: ${stderr}`).toEqual({ code: 0, signal: null });
    expect(committedAgain, `no transaction committed after the restart; stderr: ${stderr}`).toBe(true);
    // The child's counts (commits, failed transactions, queries answered and failed), for whoever reads the log.
    console.log(`[broker-restart] child summary: ${lines[lines.length - 1]}`);
    const summary = JSON.parse(lines[lines.length - 1]!) as { queriesAnswered: number; queryFailures: number };
    expect(summary.queriesAnswered).toBeGreaterThan(0);
  }, 300_000);
});
