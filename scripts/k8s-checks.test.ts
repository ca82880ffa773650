import { describe, expect, it } from 'vitest';
import { manifestProblems, selects, type K8sObject } from './k8s-checks.js';

const options = { commonPolicy: 'cordon-common', consumerGroups: ['cordon.ingest'], requireImmutableImages: true };

function deployment(podLabels: Record<string, string>, pod: Record<string, unknown> = {}): K8sObject {
  return {
    kind: 'Deployment',
    metadata: { name: 'ingest', labels: { 'app.kubernetes.io/part-of': 'cordon' } },
    spec: {
      template: {
        metadata: { labels: podLabels },
        spec: {
          automountServiceAccountToken: false,
          containers: [{ name: 'ingest', image: 'cordon:0.1.0' }],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }],
          ...pod,
        },
      },
    },
  };
}

const policies: K8sObject[] = [
  { kind: 'NetworkPolicy', metadata: { name: 'default-deny' }, spec: { podSelector: {} } },
  {
    kind: 'NetworkPolicy',
    metadata: { name: 'cordon-common' },
    spec: { podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'cordon' } } },
  },
  {
    kind: 'NetworkPolicy',
    metadata: { name: 'producers-to-grpc' },
    spec: {
      podSelector: { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['ingest'] }] },
    },
  },
];
const podLabels = { 'app.kubernetes.io/name': 'ingest', 'app.kubernetes.io/part-of': 'cordon' };

describe('manifestProblems (review F12)', () => {
  it('passes pods that the common policy and one of their own select, with the hardening in place', () => {
    expect(manifestProblems([...policies, deployment(podLabels)], options)).toEqual([]);
  });

  it('catches the label that stayed on the Deployment and never reached its pods (no includeTemplates)', () => {
    const problems = manifestProblems([...policies, deployment({ 'app.kubernetes.io/name': 'ingest' })], options);
    expect(problems).toEqual(['Deployment/ingest: its pods are not selected by NetworkPolicy cordon-common']);
  });

  it('catches a Secret, a mounted token, an unbounded emptyDir, a latest image and a wrong KEDA group', () => {
    const objects: K8sObject[] = [
      ...policies,
      deployment(podLabels, {
        automountServiceAccountToken: undefined,
        containers: [{ name: 'ingest', image: 'cordon:latest' }],
        volumes: [{ name: 'tmp', emptyDir: {} }],
      }),
      { kind: 'Secret', metadata: { name: 'cordon-secrets' } },
      {
        kind: 'ScaledObject',
        metadata: { name: 'ingest' },
        spec: { triggers: [{ type: 'kafka', metadata: { consumerGroup: 'ingest' } }] },
      },
    ];
    expect(manifestProblems(objects, options)).toEqual([
      'Deployment/ingest: automountServiceAccountToken is not false',
      'Deployment/ingest: emptyDir tmp has no sizeLimit',
      'Deployment/ingest: container ingest runs cordon:latest (untagged or latest: pin a release tag or digest)',
      'Secret/cordon-secrets is in the manifests: secrets are created out of band',
      'ScaledObject/ingest: consumer group "ingest" is no service\'s',
    ]);
  });

  it('accepts an image pinned by digest', () => {
    const pinned = deployment(podLabels, {
      containers: [{ name: 'ingest', image: `cordon@sha256:${'a'.repeat(64)}` }],
    });
    expect(manifestProblems([...policies, pinned], options)).toEqual([]);
  });
});

describe('selects', () => {
  it('follows label selector semantics', () => {
    expect(selects({}, { a: '1' })).toBe(true);
    expect(selects({ matchLabels: { a: '1' } }, { a: '2' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, { a: '1' })).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'b', operator: 'Exists' }] }, { a: '1' })).toBe(false);
    expect(selects(undefined, {})).toBe(false);
  });
});
