/**
 * The one reviewed table of differences between our output and upstream's own
 * render of the same input. Every entry says what differs, where upstream
 * defines it (file and line at the pinned tag) and why. `documented` entries
 * are deliberate; `open` entries are defects found by this tier, each naming
 * the issue area that closes it. The conformance run fails on any difference
 * no entry covers and on any entry that covers nothing. docs/conformance.md
 * renders this table.
 *
 * Patterns: `chart`, `case`, `object` and `path` take `*` as a wildcard;
 * `versions` is a range as in upstream.ts `inRange` (no range: every version).
 */
import { KIALI_DEVIATIONS } from './deviations-kiali';
import { LINKERD_DEVIATIONS } from './deviations-linkerd';
import type { Area } from './ledger';

export type DiffKind = 'changed' | 'missing' | 'extra' | 'render-fails' | 'check-fails';

export interface Deviation {
  readonly area: Area;
  /** Upstream chart or file (glob). */
  readonly chart: string;
  /** Upstream versions the entry applies to. */
  readonly versions?: string;
  /** The conformance mesh case (glob); default every case. */
  readonly case?: string;
  /** `Kind/name` (glob). */
  readonly object: string;
  /** Leaf path (glob), `(object)` for a whole object, `(render)` for a render, or a check's name. */
  readonly path: string;
  /** The kind of difference (one, or several). */
  readonly diff: DiffKind | readonly DiffKind[];
  readonly status: 'documented' | 'open';
  /** For open entries: the issue area that fixes it. */
  readonly closes?: 'Istio' | 'Linkerd' | 'Kiali' | 'GitOps';
  /** Where upstream defines the behaviour (path at the pinned tag, with line). */
  readonly upstream: string;
  readonly reason: string;
}

export const DEVIATIONS: readonly Deviation[] = [
  // ---- Istio: EastWestGateway against the gateway chart (Helm and Sail routes) ----
  {
    area: 'istio',
    chart: '@(gateway|istio-ingress)',
    object: '*',
    path: 'metadata.labels["helm.sh/chart"]',
    diff: 'missing',
    status: 'documented',
    upstream: 'manifests/charts/gateway/templates/_helpers.tpl:9 (gateway.labels)',
    reason: 'Helm release bookkeeping: our objects are applied by kubectl or a GitOps engine, not owned by a Helm release. Labels are mutable, so applying ours over a Helm-installed gateway only drops them.',
  },
  {
    area: 'istio',
    chart: '@(gateway|istio-ingress)',
    object: '*',
    path: 'metadata.labels["app.kubernetes.io/managed-by"]',
    diff: 'missing',
    status: 'documented',
    upstream: 'manifests/charts/gateway/templates/_helpers.tpl:9 (gateway.labels)',
    reason: '"Helm" would claim ownership by a Helm release that does not exist; same reason as helm.sh/chart.',
  },
  {
    area: 'istio',
    chart: '@(gateway|istio-ingress)',
    object: '*',
    path: '*labels["app.kubernetes.io/version"]',
    diff: 'missing',
    status: 'documented',
    upstream: 'manifests/charts/gateway/templates/_helpers.tpl:9 (gateway.labels)',
    reason: 'Release bookkeeping written by Helm from the chart version; on the pod template (1.23+) a version bump would restart the gateway on every chart upgrade, which the GitOps tree should not imply.',
  },
  {
    area: 'istio',
    chart: '@(gateway|istio-ingress)',
    object: '*',
    path: '*labels["app.kubernetes.io/instance"]',
    diff: 'missing',
    status: 'documented',
    versions: '>=1.24',
    upstream: 'manifests/charts/gateway/templates/_helpers.tpl (istio.labels, 1.24+)',
    reason: 'The Helm release name; there is no Helm release.',
  },
  {
    area: 'istio',
    chart: '@(gateway|istio-ingress)',
    object: 'Deployment/*',
    path: 'spec.template.metadata.labels["*"]',
    diff: 'missing',
    status: 'documented',
    versions: '>=1.24',
    upstream: 'manifests/charts/gateway/templates/deployment.yaml (gateway.podLabels, 1.24+)',
    reason: 'Helm bookkeeping labels on the pod template (helm.sh/chart, managed-by): there is no Helm release.',
  },
  {
    area: 'istio',
    chart: 'gateway',
    versions: '<1.30',
    object: 'Service/*',
    path: 'spec.ports[name=*].protocol',
    diff: 'extra',
    status: 'documented',
    upstream: 'manifests/charts/gateway/templates/service.yaml (before 1.30 the network-gateway ports carry no protocol)',
    reason: 'TCP is the Kubernetes default protocol; 1.30 writes it too (templates/_helpers.tpl:46 gateway.networkGatewayPort).',
  },
  {
    area: 'istio',
    chart: 'istio-ingress',
    object: 'Service/*',
    path: 'spec.ports[name=*].protocol',
    diff: 'extra',
    status: 'documented',
    upstream: 'samples/multicluster/gen-eastwest-gateway.sh (k8s.service.ports without protocol); manifests/charts/gateways/istio-ingress/templates/service.yaml (prints the given keys)',
    reason: 'TCP is the Kubernetes default protocol, so the stored Service is the same; the Sail Operator\'s east-west-gateway-net1.yaml (read back from a cluster) shows protocol: TCP.',
  },
  {
    area: 'istio',
    chart: 'gateway',
    case: 'nodeport/*',
    object: 'Service/*',
    path: 'spec.ports[name=tls].nodePort',
    diff: 'extra',
    status: 'documented',
    upstream: 'manifests/charts/gateway/values.yaml:136 (networkGatewayPorts has port/targetPort/protocol, no nodePort)',
    reason: 'A NodePort gateway needs a fixed node port: remotes and global.meshNetworks name it. The chart cannot fix it; a Helm user would patch the Service.',
  },

  // ---- Istio: EastWestGateway against istio-ingress (istioctl route) ----

  // ---- Istio: control plane ----
  // ---- Istio: samples and plug-in CA certificates ----
  {
    area: 'istio',
    chart: 'samples/multicluster/*',
    versions: '1.22..1.23',
    object: '*',
    path: 'apiVersion',
    diff: 'changed',
    status: 'documented',
    upstream: 'samples/multicluster/expose-services.yaml:1, expose-istiod.yaml:1 (1.22.8, 1.23.6: networking.istio.io/v1alpha3)',
    reason: 'The same resources; networking.istio.io/v1 is served from Istio 1.22, and we emit v1 there. The samples switched to v1 in 1.24.',
  },
  {
    area: 'istio',
    chart: 'samples/curl/curl.yaml',
    versions: '1.24..1.25',
    object: 'Deployment/curl',
    path: 'spec.template.spec.containers[name=curl].image',
    diff: 'changed',
    status: 'documented',
    upstream: 'samples/curl/curl.yaml (1.24.6, 1.25.5: curlimages/curl, no tag; 1.26+: docker.io/curlimages/curl:8.16.0)',
    reason: 'We pin the tag (curlimages/curl:8.16.0, what later samples pin) so that a re-sync never pulls a different image.',
  },
  {
    area: 'istio',
    chart: 'samples/sleep/sleep.yaml',
    versions: '1.22..1.23',
    object: 'Deployment/sleep',
    path: 'spec.template.spec.containers[name=sleep].image',
    diff: 'changed',
    status: 'documented',
    upstream: 'samples/sleep/sleep.yaml (1.22.8, 1.23.6: curlimages/curl, no tag)',
    reason: 'We pin the tag (curlimages/curl:8.16.0, what later samples pin) so that a re-sync never pulls a different image.',
  },
  {
    area: 'istio',
    chart: 'tools/certs',
    object: 'Certificate/cluster1/ca-cert.pem',
    path: 'validityDays',
    diff: 'changed',
    status: 'documented',
    upstream: 'tools/certs/common.mk:13 (INTERMEDIATE_DAYS ?= 3650)',
    reason: 'Our intermediates live 365 days by default (TrustRoot.intermediateValidityDays) and are re-issued inside the renewal window at synth; the root keeps tools/certs\' 3650 days.',
  },
  ...LINKERD_DEVIATIONS,
  ...KIALI_DEVIATIONS,
];
