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
}

/** The areas, in the order of the troubleshooting page: the section title of each. */
export const AREAS = {
  'mesh': 'Mesh',
  'mesh-cluster': 'MeshCluster',
  'api-server': 'ApiServer (how other clusters reach an API server)',
  'east-west-gateway': 'EastWestGateway',
  'trust-root': 'TrustRoot and the key store',
  'remote-access': 'RemoteAccess, AccessConsumer, AccessScope and Credential',
  'endpoint-discovery': 'Endpoint discovery',
  'mesh-app': 'MeshApp: output directory and key store',
} as const;

/** An area key. */
export type Area = keyof typeof AREAS;

/** One bad input and what the library says about it. */
export interface BadInputCase {
  /** Stable, unique, kebab-case, starting with the area: the anchor in docs/troubleshooting.md. */
  readonly id: string;
  readonly area: Area;
  /** What is wrong with the input, as a heading (sentence case, no final period). */
  readonly title: string;
  readonly stage: Stage;
  /**
   * Files the case needs before the bad input is given (a kubeconfig, a token
   * file, a key store from an earlier synth). The catalogue test checks that
   * the run leaves everything here exactly as the setup left it.
   */
  readonly setup?: (ctx: CaseContext) => void;
  /** Gives the bad input: builds the app and, for `Stage.SYNTH`, synthesizes. Must throw. */
  readonly run: (ctx: CaseContext) => void;
  /**
   * The exact message. The case runs in an empty temporary directory (the
   * current directory during the case), with the default outdir `dist` and key
   * store `.mesh-keys`; absolute paths into that directory are written `<cwd>`.
   */
  readonly message: string;
  /** What to do, when the message itself does not say it. */
  readonly fix?: string;
}
