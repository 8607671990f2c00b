/**
 * Types of the bad-input catalogue (catalogue.ts gathers the cases).
 */
import type { CaseContext } from './context';

/** When the library reports the problem. */
export enum Stage {
  /** A prop is refused when the construct is created: the program stops there. */
  CONSTRUCT = 'construct',
  /** A check that needs the whole app runs at synth, before anything is written. */
  SYNTH = 'synth',
  /** The mesh file is read (`cdk8s-mesh synth -f`): every problem of the file, before anything is written. */
  MESH_FILE = 'mesh-file',
  /** The `cdk8s-mesh` command line refuses its arguments or the file system it finds: a message on stderr and an exit code. */
  CLI = 'cli',
}

/** The areas, in the order of the troubleshooting page: the section title of each. */
export const AREAS = {
  'mesh': 'Mesh',
  'mesh-cluster': 'MeshCluster',
  'api-server': 'ApiServer (how other clusters reach an API server)',
  'east-west-gateway': 'EastWestGateway',
  'ambient': 'Ambient mode (DataPlaneMode.AMBIENT, Waypoint)',
  'sample-apps': 'SampleApps (the Istio sample applications)',
  'trust-root': 'TrustRoot and the key store',
  'remote-access': 'RemoteAccess, AccessConsumer, AccessScope and Credential',
  'endpoint-discovery': 'Endpoint discovery',
  'linkerd': 'Linkerd: Mesh settings and LinkerdMulticluster',
  'service-mirror-link': 'ServiceMirrorLink (Linkerd multicluster links)',
  'mesh-app': 'MeshApp: output directory and key store',
  'secrets': 'Secret delivery: SOPS, Sealed Secrets, External Secrets',
  'delivery': 'GitOpsDelivery (Argo CD and Flux)',
  'mesh-file': 'The mesh file (cdk8s-mesh synth -f)',
  'cli': 'The cdk8s-mesh command line',
} as const;

/** An area key. */
export type Area = keyof typeof AREAS;

/** What every case has. */
interface CaseBase {
  /** Stable, unique, kebab-case, starting with the area: the anchor in docs/troubleshooting.md. */
  readonly id: string;
  readonly area: Area;
  /** What is wrong with the input, as a heading (sentence case, no final period). */
  readonly title: string;
  /**
   * Files the case needs before the bad input is given (a kubeconfig, a token
   * file, a key store from an earlier synth, a mesh file). The catalogue test
   * checks that the run leaves everything here exactly as the setup left it.
   */
  readonly setup?: (ctx: CaseContext) => void;
  /**
   * The exact message. The case runs in an empty temporary directory (the
   * current directory during the case), with the default outdir `dist` and key
   * store `.mesh-keys`; absolute paths into that directory are written `<cwd>`.
   * For `Stage.MESH_FILE`, the lines `cdk8s-mesh synth` prints after `error: `;
   * for `Stage.CLI`, everything the command prints on stderr (without the final newline).
   */
  readonly message: string;
  /** What to do, when the message itself does not say it. */
  readonly fix?: string;
}

/** A bad input given to the API, or in a mesh file. */
export interface ApiCase extends CaseBase {
  readonly stage: Stage.CONSTRUCT | Stage.SYNTH | Stage.MESH_FILE;
  /**
   * Gives the bad input: builds the app and, for `Stage.SYNTH`, synthesizes;
   * for `Stage.MESH_FILE`, runs `cdk8s-mesh synth -f mesh.yaml` in-process
   * (cases/mesh-file.ts). Must throw.
   */
  readonly run: (ctx: CaseContext) => void;
}

/** A bad command line: the compiled `cdk8s-mesh` binary runs with `args` in the case directory. */
export interface CliCase extends CaseBase {
  readonly stage: Stage.CLI;
  /** The arguments after `cdk8s-mesh`. */
  readonly args: readonly string[];
  /** Environment variables of the command (beside CDK8S_MESH_DEBUG=1). */
  readonly env?: Record<string, string>;
  /** What the command reads on stdin (`-f -`), when anything. */
  readonly stdin?: (ctx: CaseContext) => string;
  /** The exit code (1 invalid input, 2 usage error: src/cli/io.ts ExitCode). */
  readonly exitCode: number;
}

/** One bad input and what the library says about it. */
export type BadInputCase = ApiCase | CliCase;
