/** Shared pieces of list-sync's integration tests: config, topic views, a controllable list server. */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_TYPES, SanctionedEntity, type ListQuarantined, type ListVersionManifest } from '@cordon/contracts';
import { decodeEvent, deleteTopics as deletePlatformTopics, type KafkaClient } from '@cordon/platform';
import { testAuth } from '../../../test/auth.js';
import { brokers, readTopic, uniqueName } from '../../../test/support.js';
import { loadListSyncConfig, type ListSyncConfig } from '../src/config.js';
import { partitionOffsets, readRanges, type RangeRecord } from '../src/adapters/kafka/partition-reader.js';

/** A folder of the shared datasets, resolved from the repository root. */
export function dataset(path: string): string {
  return fileURLToPath(new URL(`../../../../shared/datasets/${path}`, import.meta.url));
}

/** The test identity provider list-sync verifies callers against: `testIdentities.token('ops', ['operator'])`. */
export const testIdentities = testAuth();

/** A config for one test: its own topic prefix, ports picked by the system, no start-up sync. */
export function testConfig(prefix: string, sources: object[], env: Record<string, string> = {}): ListSyncConfig {
  return loadListSyncConfig({
    KAFKA_BROKERS: brokers().join(','),
    KAFKA_CLIENT_ID: uniqueName('list-sync-test'),
    KAFKA_TOPIC_PREFIX: prefix,
    LIST_SYNC_PARTITIONS: '2',
    KAFKA_TOPICS: 'create',
    LIST_SYNC_GRPC_HOST: '127.0.0.1',
    LIST_SYNC_GRPC_PORT: '0',
    LIST_SYNC_OPS_HOST: '127.0.0.1',
    LIST_SYNC_OPS_PORT: '0',
    LIST_SYNC_SYNC_ON_START: 'false',
    LIST_SYNC_SOURCES: JSON.stringify(sources),
    // The tests trigger syncs back to back; the rate limit's own test sets it low.
    LIST_SYNC_TRIGGER_BURST: '1000',
    ...testIdentities.env,
    ...env,
  });
}

/** Deletes the topics a test's list-sync created. */
export async function deleteTopics(kafka: KafkaClient, prefix: string): Promise<void> {
  const admin = await kafka.admin();
  const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
  if (mine.length > 0) await deletePlatformTopics(kafka, mine);
}

/** The compacted view of the entities topic: the last value per key, null for a tombstone. */
export async function compactedEntities(
  kafka: KafkaClient,
  topic: string,
  options: { readUncommitted?: boolean } = {},
): Promise<Map<string, SanctionedEntity | null>> {
  const view = new Map<string, SanctionedEntity | null>();
  for (const record of await readTopic(kafka, topic, options)) {
    const key = record.key!.toString();
    view.set(
      key,
      record.value === null ? null : decodeEvent(EVENT_TYPES.sanctionedEntity, record.value, record.headers),
    );
  }
  return view;
}

/** Every manifest on the snapshots topic, in offset order per partition. */
export async function manifests(
  kafka: KafkaClient,
  topic: string,
  options: { readUncommitted?: boolean } = {},
): Promise<ListVersionManifest[]> {
  const type = EVENT_TYPES.listVersionManifest;
  return (await readTopic(kafka, topic, options))
    .filter((r) => r.headers['cordon-type']?.toString() === type.typeName)
    .map((r) => decodeEvent(type, r.value, r.headers));
}

/**
 * Every committed record of `topic` through list-sync's own range reader, up to the end offsets (also when a
 * partition ends on transaction markers).
 */
export async function committedRecords(kafka: KafkaClient, topic: string): Promise<RangeRecord[]> {
  const records: RangeRecord[] = [];
  const ranges = (await partitionOffsets(kafka, topic)).map((p) => ({
    partition: p.partition,
    from: p.low,
    to: p.high,
  }));
  await readRanges(kafka, topic, ranges, (record) => {
    records.push(record);
  });
  return records;
}

/** Every alert on the alerts topic. */
export async function alerts(kafka: KafkaClient, topic: string): Promise<ListQuarantined[]> {
  return (await readTopic(kafka, topic)).map((r) => decodeEvent(EVENT_TYPES.listQuarantined, r.value, r.headers));
}

/** A fresh temporary folder, removed by the returned cleanup. */
export async function tempFolder(): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'list-sync-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** Copies a dataset folder to `to`. */
export async function copyDataset(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  await cp(dataset(from), to, { recursive: true });
}

/**
 * Writes into `to` an OFAC SDN CSV set holding only the first `keep` entries of the dataset folder `from`, its
 * address, alias and comment rows filtered to match (a consistent but shorter list). Each row of these files is one
 * line that starts with its ent_num.
 */
export async function writeShrunkOfacSet(from: string, to: string, keep: number): Promise<void> {
  await mkdir(to, { recursive: true });
  const lines = async (name: string) => (await readFile(join(dataset(from), name), 'latin1')).split('\n');
  const main = (await lines('sdn.csv')).filter((line) => /^\d/.test(line)).slice(0, keep);
  const kept = new Set(main.map((line) => line.split(',')[0]));
  await writeFile(join(to, 'sdn.csv'), `${main.join('\n')}\n`, 'latin1');
  for (const name of ['add.csv', 'alt.csv', 'sdn_comments.csv']) {
    const rows = (await lines(name)).filter((line) => kept.has(line.split(',')[0]));
    await writeFile(join(to, name), `${rows.join('\n')}\n`, 'latin1');
  }
}

/** How the list server answers the next requests. */
export type ServeMode = 'ok' | 'error-500' | 'hang' | 'truncate' | 'garbage';

/** A list server on 127.0.0.1 serving the files of a folder, misbehaving on demand. */
export interface ListServer {
  url(name: string): string;
  /** The folder served; replace its files to publish a new version. */
  folder: string;
  mode: ServeMode;
  /** Requests answered: the mode in force, or "not-modified" for a 304. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts a list server for the files in `folder`, with ETag / If-None-Match support. */
export async function startListServer(folder: string): Promise<ListServer> {
  const hanging = new Set<ServerResponse>();
  const state: ListServer = {
    folder,
    mode: 'ok',
    requests: [],
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    state.requests.push(state.mode);
    if (state.mode === 'hang') {
      hanging.add(response);
      return;
    }
    if (state.mode === 'error-500') {
      response.writeHead(500).end('upstream broke');
      return;
    }
    const body = await readFile(join(state.folder, request.url!.slice(1)));
    if (state.mode === 'garbage') {
      response.writeHead(200).end(Buffer.from(body.map((_, i) => (i * 7919 + 13) % 256)));
      return;
    }
    const etag = `"${body.length}-${body.subarray(0, 64).toString('hex').slice(0, 16)}"`;
    // Only a healthy server recognises its ETag: the misbehaving modes stand for content that changed.
    if (state.mode === 'ok' && request.headers['if-none-match'] === etag) {
      state.requests[state.requests.length - 1] = 'not-modified';
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, { 'content-length': String(body.length), etag });
    if (state.mode === 'truncate') {
      // Announce the whole file, send half, then drop the connection: a cut download.
      response.write(body.subarray(0, body.length >> 1), () => response.destroy());
      return;
    }
    response.end(body);
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => response.writeHead(404).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return state;
}
