/**
 * A pre-check worker thread: its own engine (the service's policy, checked by hash) and its own snapshot of the
 * lists in force, rebuilt from every set of versions the service posts, so pre-checks never run on the event loop
 * of the exactly-once pipeline.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { timestampFromMillis } from '@cordon/contracts';
import { parsePolicy } from '@cordon/screening-core';
import { coreEngine, type CoreSnapshot } from '@cordon/screening-core/contract';
import { screenAddressRequest, screenPartyRequest } from '../../domain/prechecks.js';
import type { FromWorker, PrecheckWorkerData, ToWorker } from './protocol.js';

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const data = workerData as PrecheckWorkerData;
const engine = coreEngine(parsePolicy(JSON.parse(data.policyJson)));
if (engine.policyHash !== data.policyHash) {
  post({ type: 'fatal', message: `worker policy hash ${engine.policyHash} is not the service's ${data.policyHash}` });
}
let snapshot: CoreSnapshot | undefined;

port.on('message', (message: ToWorker) => {
  if (message.type === 'lists') {
    snapshot = engine.buildSnapshot(message.versions);
    engine.warmUp?.(snapshot);
    post({ type: 'lists', generation: message.generation });
    return;
  }
  const { id, job } = message;
  if (snapshot === undefined) {
    post({ type: 'error', id, reason: 'no-snapshot', message: 'no list snapshot loaded yet' });
    return;
  }
  try {
    const at = timestampFromMillis(job.nowMillis);
    const confirmations = job.confirmations ? new Map(job.confirmations) : undefined;
    const decision =
      job.kind === 'address'
        ? screenAddressRequest(job.request, engine, snapshot, at, confirmations)
        : screenPartyRequest(job.request, engine, snapshot, at, confirmations);
    post({ type: 'result', id, decision });
  } catch (error) {
    post({ type: 'error', id, reason: 'failed', message: (error as Error).message });
  }
});
