import { describe, expect, it } from 'vitest';
import { Lifecycle } from './lifecycle.js';
import { createLogger } from './logger.js';
import { Writable } from 'node:stream';

const silent = createLogger('test', { destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('Lifecycle', () => {
  it('runs steps in reverse order of registration, once, however often shutdown is called', async () => {
    const order: string[] = [];
    const lifecycle = new Lifecycle(silent, 1_000);
    lifecycle.onShutdown('close pool', async () => void order.push('pool'));
    lifecycle.onShutdown('flush producer', async () => void order.push('producer'));
    lifecycle.onShutdown('stop consumer', async () => void order.push('consumer'));
    const [first, second] = await Promise.all([lifecycle.shutdown(), lifecycle.shutdown()]);
    expect(order).toEqual(['consumer', 'producer', 'pool']);
    expect(first && second).toBe(true);
  });

  it('bounds a stuck step by the budget, still runs the later steps, and reports failure', async () => {
    const order: string[] = [];
    const lifecycle = new Lifecycle(silent, 100);
    lifecycle.onShutdown('close pool', async () => void order.push('pool'));
    lifecycle.onShutdown('stuck', () => new Promise(() => undefined));
    lifecycle.onShutdown('failing', async () => {
      throw new Error('boom');
    });
    const started = Date.now();
    expect(await lifecycle.shutdown()).toBe(false);
    expect(order).toEqual(['pool']);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
