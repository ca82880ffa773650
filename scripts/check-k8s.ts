/**
 * Renders the production kustomization with `kubectl kustomize` and checks it (scripts/k8s-checks.ts): every pod
 * selected by the common NetworkPolicy and one of its own, no Secret, no service-account token, bounded emptyDirs,
 * no mutable `latest` image, KEDA on the services' consumer groups; and against the Dockerfile (scripts/image.ts):
 * every service has a Deployment whose args are its compiled entry, run by the image's entrypoint. `npx tsx scripts/check-k8s.ts`; part of
 * `npm run infra:check`. Needs kubectl (its built-in kustomize, v5).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RECOMMENDED_THREADPOOL_SIZE } from '@cordon/platform';
import { parseAllDocuments } from 'yaml';
import { deploymentCommands, parseDockerfile } from './image.js';
import { manifestProblems, type K8sObject } from './k8s-checks.js';

const overlay = fileURLToPath(new URL('../infra/k8s/overlays/production', import.meta.url));
const rendered = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
if (rendered.error || rendered.status !== 0) {
  console.error(
    `cannot render ${overlay} with kubectl kustomize: ${rendered.error?.message ?? rendered.stderr.trim()}\n` +
      'install kubectl (its built-in kustomize renders the manifests)',
  );
  process.exit(1);
}
const objects = parseAllDocuments(rendered.stdout).map((document) => document.toJSON() as K8sObject);
const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'cordon-config') as
  { data?: Record<string, string> } | undefined;
const prefix = config?.data?.KAFKA_TOPIC_PREFIX ?? 'cordon.';
const problems = manifestProblems(objects, {
  commonPolicy: 'cordon-common',
  // The groups the services join: the topic prefix + the service name (ingest app.ts, screening config.ts).
  consumerGroups: [`${prefix}ingest`, `${prefix}screening`],
  requireImmutableImages: true,
});

// The image: its Deployments run the compiled services by the Dockerfile's entrypoint, as a non-root user.
const root = fileURLToPath(new URL('..', import.meta.url));
const image = parseDockerfile(readFileSync(`${root}/Dockerfile`, 'utf8'));
const commands = deploymentCommands(objects, image);
problems.push(...commands.flatMap((c) => c.problems));
const services = readdirSync(`${root}/services`).filter((name) => existsSync(`${root}/services/${name}/src/main.ts`));
for (const service of services) {
  if (!commands.some((c) => c.deployment === service)) problems.push(`services/${service}: no Deployment runs it`);
}
for (const command of commands.filter((c) => !services.includes(c.deployment))) {
  problems.push(
    `Deployment/${command.deployment}: no services/${command.deployment}/src/main.ts to compile its entry from`,
  );
}
if (image.env.UV_THREADPOOL_SIZE !== String(RECOMMENDED_THREADPOOL_SIZE)) {
  problems.push(
    `Dockerfile: the runtime stage sets UV_THREADPOOL_SIZE=${image.env.UV_THREADPOOL_SIZE ?? '(unset: 4)'}, not ` +
      `${RECOMMENDED_THREADPOOL_SIZE}: Kafka consumers wait on libuv's pool (packages/platform/src/kafka/threadpool.ts)`,
  );
}
if (!image.runs.includes('npm run build')) problems.push('Dockerfile: no stage runs `npm run build`');
if (image.user === undefined || /^(0|root)(:|$)/.test(image.user)) {
  problems.push(`Dockerfile: the runtime stage runs as ${image.user ?? 'root (no USER)'}`);
}

if (problems.length > 0) {
  console.error(
    `infra/k8s: ${problems.length} problem(s) in the rendered production manifests:\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(
  `infra/k8s: ${objects.length} objects rendered, every pod selected by its NetworkPolicies, ${commands.length} Deployments run the image's compiled entries, no problems`,
);
