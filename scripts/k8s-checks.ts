/**
 * Checks of the rendered Kubernetes manifests (review F12), pure: give them the documents `kubectl kustomize`
 * prints. Each problem is one sentence naming the object; none means the manifests are sound on these points.
 */

/** One rendered Kubernetes object, as parsed YAML. */
export type K8sObject = {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
};

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

interface PodSpec {
  automountServiceAccountToken?: boolean;
  containers?: Array<{ name: string; image?: string }>;
  volumes?: Array<{ name: string; emptyDir?: { sizeLimit?: string } }>;
}

/** Whether a label selector selects a pod with these labels (Kubernetes' semantics; {} selects every pod). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    if (operator === 'In' && !(has && values.includes(labels[key]!))) return false;
    if (operator === 'NotIn' && has && values.includes(labels[key]!)) return false;
    if (operator === 'Exists' && !has) return false;
    if (operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

const workloads = (objects: K8sObject[]) =>
  objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o) => {
      const template = (o.spec?.template ?? {}) as { metadata?: { labels?: Record<string, string> }; spec?: PodSpec };
      return {
        name: `${o.kind}/${o.metadata?.name}`,
        labels: template.metadata?.labels ?? {},
        pod: template.spec ?? {},
      };
    });

/**
 * The problems found: pods no NetworkPolicy but default-deny selects (or not the common one granting DNS and
 * Kafka), a Secret in the manifests, service-account tokens mounted, emptyDirs without a size limit, mutable image
 * tags, KEDA watching a consumer group no service uses.
 */
export function manifestProblems(
  objects: K8sObject[],
  options: { commonPolicy: string; consumerGroups: string[]; requireImmutableImages: boolean },
): string[] {
  const problems: string[] = [];
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const common = policies.find((p) => p.metadata?.name === options.commonPolicy);
  if (!common) problems.push(`no NetworkPolicy ${options.commonPolicy}`);
  for (const workload of workloads(objects)) {
    const selector = (policy: K8sObject) => policy.spec?.podSelector as LabelSelector | undefined;
    if (common && !selects(selector(common), workload.labels)) {
      problems.push(`${workload.name}: its pods are not selected by NetworkPolicy ${options.commonPolicy}`);
    }
    const own = policies.filter(
      (p) => p.metadata?.name !== options.commonPolicy && Object.keys(selector(p) ?? {}).length > 0,
    );
    if (!own.some((p) => selects(selector(p), workload.labels))) {
      problems.push(`${workload.name}: no NetworkPolicy of its own selects its pods`);
    }
    if (workload.pod.automountServiceAccountToken !== false) {
      problems.push(`${workload.name}: automountServiceAccountToken is not false`);
    }
    for (const volume of workload.pod.volumes ?? []) {
      if (volume.emptyDir && !volume.emptyDir.sizeLimit) {
        problems.push(`${workload.name}: emptyDir ${volume.name} has no sizeLimit`);
      }
    }
    if (options.requireImmutableImages) {
      for (const container of workload.pod.containers ?? []) {
        const image = container.image ?? '';
        if (!/@sha256:[0-9a-f]{64}$/.test(image) && (/:latest$/.test(image) || !/:[^/]+$/.test(image))) {
          problems.push(
            `${workload.name}: container ${container.name} runs ${image || 'no image'} (untagged or latest: pin a release tag or digest)`,
          );
        }
      }
    }
  }
  for (const secret of objects.filter((o) => o.kind === 'Secret')) {
    problems.push(`Secret/${secret.metadata?.name} is in the manifests: secrets are created out of band`);
  }
  for (const scaled of objects.filter((o) => o.kind === 'ScaledObject')) {
    const triggers = (scaled.spec?.triggers ?? []) as Array<{ type: string; metadata?: { consumerGroup?: string } }>;
    for (const trigger of triggers.filter((t) => t.type === 'kafka')) {
      const group = trigger.metadata?.consumerGroup ?? '';
      if (!options.consumerGroups.includes(group)) {
        problems.push(`ScaledObject/${scaled.metadata?.name}: consumer group "${group}" is no service's`);
      }
    }
  }
  return problems;
}
