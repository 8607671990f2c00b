/**
 * Internal bookkeeping shared by the constructs and the output writer:
 * warnings, objects that carry private material, and install artefacts.
 */
import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';

const WARNING = 'cdk8s-mesh:warning';
const PRIVATE = new WeakSet<ApiObject>();

/** Records a warning on a construct; the app prints it when it synthesizes. */
export function addWarning(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING, message);
}

/**
 * Records a warning whose text is produced when the app synthesizes (for
 * constructs that learn more as clusters join); `undefined` means no warning.
 */
export function addLazyWarning(scope: IConstruct, produce: () => string | undefined): void {
  scope.node.addMetadata(WARNING, produce);
}

/** Every warning recorded below `root`, as `[path] message`, in tree order (`constructs`: `root.node.findAll()`, when the caller has it). */
export function collectWarnings(root: IConstruct, constructs: IConstruct[] = root.node.findAll()): string[] {
  const out: string[] = [];
  for (const c of constructs) {
    for (const entry of c.node.metadata) {
      if (entry.type === WARNING) {
        const text = typeof entry.data === 'function' ? entry.data() : entry.data;
        if (text !== undefined) {
          out.push(`[${c.node.path}] ${text}`);
        }
      }
    }
  }
  return out;
}

/**
 * Marks an object as carrying private material (a private key or a token):
 * the writer puts it in the key store, never in the output tree.
 */
export function markPrivate(obj: ApiObject): ApiObject {
  PRIVATE.add(obj);
  return obj;
}

/** True when `obj` carries private material. */
export function isPrivate(obj: ApiObject): boolean {
  return PRIVATE.has(obj);
}
