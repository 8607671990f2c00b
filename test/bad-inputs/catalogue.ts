/**
 * The bad-input catalogue: one case per distinct bad input across the API, the
 * mesh file and the `cdk8s-mesh` command line, each with the exact message the
 * library reports. test/bad-inputs/bad-inputs.test.ts runs every case (exact
 * message, one of our own errors or the exact stderr and exit code of the CLI,
 * nothing written); scripts/troubleshooting.ts renders the catalogue into
 * docs/troubleshooting.md, and test/bad-inputs/troubleshooting.test.ts fails
 * when that file drifts.
 *
 * Adding an area: write `cases/<area>.ts` exporting a `BadInputCase[]`, add its
 * title to `AREAS`, and add the list to `ALL_CASES` below. See README.md in
 * this directory.
 */
import { AMBIENT_CASES } from './cases/ambient';
import { API_SERVER_CASES } from './cases/api-server';
import { CLI_CASES } from './cases/cli';
import { DELIVERY_CASES } from './cases/delivery';
import { EAST_WEST_GATEWAY_CASES } from './cases/east-west-gateway';
import { ENDPOINT_DISCOVERY_CASES } from './cases/endpoint-discovery';
import { LINKERD_CASES } from './cases/linkerd';
import { MESH_CASES } from './cases/mesh';
import { MESH_APP_CASES } from './cases/mesh-app';
import { MESH_CLUSTER_CASES } from './cases/mesh-cluster';
import { MESH_FILE_CASES } from './cases/mesh-file';
import { REMOTE_ACCESS_CASES } from './cases/remote-access';
import { SAMPLE_APPS_CASES } from './cases/sample-apps';
import { SECRETS_CASES } from './cases/secrets';
import { SERVICE_MIRROR_LINK_CASES } from './cases/service-mirror-link';
import { TRUST_ROOT_CASES } from './cases/trust-root';
import { BadInputCase } from './types';

export * from './types';
export type { CaseContext } from './context';

/** Every case, in page order. */
export const ALL_CASES: readonly BadInputCase[] = [
  ...MESH_CASES,
  ...MESH_CLUSTER_CASES,
  ...API_SERVER_CASES,
  ...EAST_WEST_GATEWAY_CASES,
  ...AMBIENT_CASES,
  ...SAMPLE_APPS_CASES,
  ...TRUST_ROOT_CASES,
  ...REMOTE_ACCESS_CASES,
  ...ENDPOINT_DISCOVERY_CASES,
  ...LINKERD_CASES,
  ...SERVICE_MIRROR_LINK_CASES,
  ...MESH_APP_CASES,
  ...SECRETS_CASES,
  ...DELIVERY_CASES,
  ...MESH_FILE_CASES,
  ...CLI_CASES,
];
