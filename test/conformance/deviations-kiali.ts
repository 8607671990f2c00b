/** The kiali part of the deviation table (see deviations.ts for the fields). */
import type { Deviation } from './deviations';

export const KIALI_DEVIATIONS: readonly Deviation[] = [
  {
    area: 'kiali',
    chart: 'kiali-server',
    object: '*',
    path: 'metadata.labels["helm.sh/chart"]',
    diff: 'missing',
    status: 'documented',
    upstream: 'templates/_helpers.tpl:40 (kiali-server.labels)',
    reason: 'Helm release bookkeeping: our objects are applied by kubectl or a GitOps engine, not owned by a Helm release; labels are mutable, so applying ours over chart-made objects only drops it.',
  },
  {
    area: 'kiali',
    chart: 'kiali-server',
    object: '*',
    path: 'metadata.labels@(.version|["app.kubernetes.io/version"])',
    diff: 'changed',
    status: 'documented',
    upstream: 'templates/_helpers.tpl:43-44 (version_label | default .Chart.AppVersion; the source chart\'s appVersion is the ${HELM_IMAGE_TAG} placeholder its release tooling fills in)',
    reason: 'The chart as stored carries the unsubstituted placeholder; ours is the release name given to AccessConsumer.kiali({ version }), which is what the packaged chart writes (appVersion = the release tag).',
  },
];
