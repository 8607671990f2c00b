import { Construct, IConstruct } from 'constructs';

const INSTALL_FILE = Symbol.for('cdk8s-multicluster-mesh.InstallFile');

/** Props of an install artefact. */
export interface InstallFileProps {
  /** The file name inside the cluster's `install/` directory. */
  readonly fileName: string;
  /** Comment lines written at the top of the file (without the leading `# `). */
  readonly header: string[];
  /** Produces the file's YAML document(s) at synthesis time. */
  readonly render: () => unknown;
}

/**
 * A file in a cluster's `install/` directory: something that is not applied
 * with kubectl (Helm values, an IstioOperator file for istioctl). Internal: the
 * constructs create these, the writer finds them.
 */
export class InstallFile extends Construct {
  /** True when `x` is an InstallFile. */
  public static isInstallFile(x: IConstruct): x is InstallFile {
    return x !== null && typeof x === 'object' && INSTALL_FILE in x;
  }

  public readonly fileName: string;
  public readonly header: string[];
  private readonly render: () => unknown;

  constructor(scope: Construct, id: string, props: InstallFileProps) {
    super(scope, id);
    Object.defineProperty(this, INSTALL_FILE, { value: true });
    this.fileName = props.fileName;
    this.header = props.header;
    this.render = props.render;
  }

  /** The document(s) to write: an object, or an array for a multi-document file. */
  public content(): unknown {
    return this.render();
  }
}
