import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deploymentCommands, parseDockerfile } from './image.js';
import type { K8sObject } from './k8s-checks.js';

const deployment = (name: string, container: Record<string, unknown>): K8sObject => ({
  kind: 'Deployment',
  metadata: { name },
  spec: { template: { spec: { containers: [{ name, ...container }] } } },
});

describe('the image as the Dockerfile gives it', () => {
  it("reads the repository's Dockerfile: a build stage, then plain node as a non-root user", () => {
    const image = parseDockerfile(readFileSync(new URL('../Dockerfile', import.meta.url), 'utf8'));
    expect(image.entrypoint[0]).toBe('node');
    // No TypeScript loader; the packages resolve to their compiled dist/.
    expect(image.entrypoint.join(' ')).not.toMatch(/tsx|--import/);
    expect(image.entrypoint).toContain('--conditions=@cordon/compiled');
    expect(image.runs).toContain('npm run build');
    expect(image.env).toMatchObject({ NODE_ENV: 'production', CASES_CONSOLE: 'prebuilt' });
    expect(image.user).toBe('10001');
  });

  it('takes the last stage, joins continued lines, and refuses shell forms', () => {
    const text = [
      'FROM a AS build',
      'ENTRYPOINT ["sh"]',
      'RUN npm ci \\',
      '  && npm run build',
      'FROM b',
      '# a comment',
      'ENV A=1 B=two',
      'ENTRYPOINT ["node"]',
    ].join('\n');
    expect(parseDockerfile(text)).toEqual({
      entrypoint: ['node'],
      cmd: [],
      env: { A: '1', B: 'two' },
      user: undefined,
      runs: ['npm ci && npm run build'],
    });
    expect(() => parseDockerfile('FROM b\nENTRYPOINT node main.js')).toThrow('exec form');
    expect(() => parseDockerfile('FROM b\nENV A "x y"')).toThrow('cannot read ENV');
  });

  it("names a Deployment that replaces the entrypoint or runs anything but its service's compiled entry", () => {
    const image = parseDockerfile('FROM b\nENTRYPOINT ["node"]');
    const [good, sources, command] = deploymentCommands(
      [
        deployment('ingest', { args: ['services/ingest/dist/main.js'] }),
        deployment('screening', { args: ['services/screening/src/main.ts'] }),
        deployment('list-sync', { command: ['node', '--import', 'tsx'], args: ['services/list-sync/dist/main.js'] }),
      ],
      image,
    );
    expect(good).toMatchObject({ argv: ['node', 'services/ingest/dist/main.js'], problems: [] });
    expect(sources!.problems).toEqual([
      'Deployment/screening: args ["services/screening/src/main.ts"], the image runs ["services/screening/dist/main.js"]',
    ]);
    expect(command!.problems[0]).toMatch(/^Deployment\/list-sync: command \["node","--import","tsx"\] replaces/);
  });
});
