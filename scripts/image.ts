/**
 * The image as the Dockerfile gives it, and the commands the Kubernetes Deployments run in it: read by
 * scripts/check-k8s.ts (the Deployments' args name a compiled service entry) and by test/image.test.ts (which runs
 * the build stage's `npm run build` and starts each service's command with plain node, since CI has no Docker).
 */
import type { K8sObject } from './k8s-checks.js';

/** The runtime (last) stage of a Dockerfile, in exec form. */
export interface ImageRuntime {
  /** ENTRYPOINT, e.g. ["node", "--enable-source-maps", "--conditions=@cordon/compiled"]. */
  entrypoint: string[];
  /** CMD (empty when the Deployment gives the args). */
  cmd: string[];
  /** ENV of the runtime stage, in order. */
  env: Record<string, string>;
  /** USER of the runtime stage. */
  user: string | undefined;
  /** Every RUN of every stage, in order (the build steps). */
  runs: string[];
}

/** Instructions of a Dockerfile: comments dropped, backslash-continued lines joined. */
function instructions(text: string): Array<{ keyword: string; rest: string }> {
  const joined = text
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\s*\\\n\s*/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const keyword = line.split(/\s+/, 1)[0] ?? '';
      return { keyword: keyword.toUpperCase(), rest: line.slice(keyword.length).trim() };
    });
}

function execForm(keyword: string, rest: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch {
    throw new Error(`Dockerfile: ${keyword} must be in exec form (a JSON array), not ${rest}`);
  }
  if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) {
    throw new Error(`Dockerfile: ${keyword} must be a JSON array of strings, not ${rest}`);
  }
  return parsed;
}

/** Reads the runtime stage of `text`; throws on shell-form ENTRYPOINT/CMD or an ENV it cannot read. */
export function parseDockerfile(text: string): ImageRuntime {
  let runtime: ImageRuntime | undefined;
  const runs: string[] = [];
  for (const { keyword, rest } of instructions(text)) {
    if (keyword === 'FROM') {
      runtime = { entrypoint: [], cmd: [], env: {}, user: undefined, runs };
    } else if (!runtime) {
      if (keyword !== 'ARG') throw new Error(`Dockerfile: ${keyword} before the first FROM`);
    } else if (keyword === 'RUN') {
      runs.push(rest);
    } else if (keyword === 'ENTRYPOINT') {
      runtime.entrypoint = execForm(keyword, rest);
    } else if (keyword === 'CMD') {
      runtime.cmd = execForm(keyword, rest);
    } else if (keyword === 'USER') {
      runtime.user = rest;
    } else if (keyword === 'ENV') {
      for (const pair of rest.split(/\s+/)) {
        const match = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/.exec(pair);
        if (!match) throw new Error(`Dockerfile: cannot read ENV ${rest} (write KEY=value pairs, unquoted)`);
        runtime.env[match[1]!] = match[2]!;
      }
    }
  }
  if (!runtime) throw new Error('Dockerfile: no FROM');
  return runtime;
}

/** A service's entry in the image: its compiled main module. */
export const serviceEntry = (service: string): string => `services/${service}/dist/main.js`;

/** What one Deployment's container runs in the image: the entrypoint (or its command) and its args. */
export interface DeploymentCommand {
  deployment: string;
  container: string;
  argv: string[];
  /** Sentences for what is wrong with it; none means it runs `serviceEntry(deployment)` by the image's entrypoint. */
  problems: string[];
}

interface Container {
  name: string;
  command?: string[];
  args?: string[];
}

/**
 * The command every Deployment's first container runs, given the image's runtime: a Deployment must not replace
 * the entrypoint with a command of its own, and its args (or the image's CMD) must be its service's compiled entry.
 */
export function deploymentCommands(objects: K8sObject[], image: ImageRuntime): DeploymentCommand[] {
  return objects
    .filter((o) => o.kind === 'Deployment')
    .map((deployment) => {
      const name = deployment.metadata?.name ?? '';
      const template = deployment.spec?.template as { spec?: { containers?: Container[] } } | undefined;
      const container = template?.spec?.containers?.[0];
      const problems: string[] = [];
      if (!container)
        return { deployment: name, container: '', argv: [], problems: [`Deployment/${name}: no container`] };
      if (container.command && JSON.stringify(container.command) !== JSON.stringify(image.entrypoint)) {
        problems.push(
          `Deployment/${name}: command ${JSON.stringify(container.command)} replaces the image's entrypoint ` +
            JSON.stringify(image.entrypoint),
        );
      }
      const args = container.args ?? image.cmd;
      const expected = [serviceEntry(name)];
      if (JSON.stringify(args) !== JSON.stringify(expected)) {
        problems.push(`Deployment/${name}: args ${JSON.stringify(args)}, the image runs ${JSON.stringify(expected)}`);
      }
      return {
        deployment: name,
        container: container.name,
        argv: [...(container.command ?? image.entrypoint), ...args],
        problems,
      };
    });
}
