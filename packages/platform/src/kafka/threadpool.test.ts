import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.js';
import { DEFAULT_THREADPOOL_SIZE, THREADPOOL_RESERVE, threadpoolSize, ThreadpoolBudget } from './threadpool.js';

function recordingLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('threadpool-test', {
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

describe('threadpoolSize', () => {
  it('reads UV_THREADPOOL_SIZE as libuv does: 4 when unset or not a number, clamped to 1..1024', () => {
    expect(threadpoolSize(undefined)).toBe(DEFAULT_THREADPOOL_SIZE);
    expect(threadpoolSize('')).toBe(4);
    expect(threadpoolSize('lots')).toBe(4);
    expect(threadpoolSize('16')).toBe(16);
    expect(threadpoolSize('0')).toBe(1);
    expect(threadpoolSize('5000')).toBe(1024);
  });
});

describe('ThreadpoolBudget', () => {
  it('warns once, at the consumer that leaves less than the reserve free, and names the size to set', () => {
    const { logger, lines } = recordingLogger();
    const budget = new ThreadpoolBudget(4);
    const free = 4 - THREADPOOL_RESERVE;
    const releases = Array.from({ length: free }, (_, i) => budget.hold(`consumer ${i}`, logger));
    expect(lines).toEqual([]);
    releases.push(budget.hold('one too many', logger));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'warn', consumers: free + 1, threadpoolSize: 4, consumer: 'one too many' });
    expect(String(lines[0]!.msg)).toContain(`UV_THREADPOOL_SIZE to at least ${free + 1 + THREADPOOL_RESERVE}`);
    budget.hold('and another', logger);
    expect(lines).toHaveLength(1);
    expect(budget.consumers).toBe(free + 2);
  });

  it('counts a consumer until it is released, once however often release is called', () => {
    const { logger, lines } = recordingLogger();
    const budget = new ThreadpoolBudget(16);
    const release = budget.hold('reader', logger);
    budget.hold('group consumer', logger);
    release();
    release();
    expect(budget.consumers).toBe(1);
    expect(lines).toEqual([]);
  });
});
