import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('stamps every line with the service and redacts personal data and secrets', () => {
    const { lines, destination } = capture();
    const logger = createLogger('screening', { destination });
    logger.child({ component: 'grpc' }).info(
      {
        withdrawalId: 'w-1',
        customer: { name: 'Ivan Petrov', dob: '1970-01-01', reference: 'c-9' },
        sasl: { password: 'hunter2' },
      },
      'screened',
    );
    const line = JSON.parse(lines[0]!);
    expect(line.service).toBe('screening');
    expect(line.component).toBe('grpc');
    expect(line.withdrawalId).toBe('w-1');
    expect(line.customer).toEqual({ name: '[redacted]', dob: '[redacted]', reference: 'c-9' });
    expect(JSON.stringify(line)).not.toContain('hunter2');
    expect(JSON.stringify(line)).not.toContain('Ivan');
  });
});
