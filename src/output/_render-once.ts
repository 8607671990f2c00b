/**
 * Identical Secrets rendered once. Full-mesh endpoint discovery writes the same
 * remote secret of a cluster (same name, namespace, labels and kubeconfig) into
 * each of the other N - 1 clusters: N(N - 1) objects, N distinct. A
 * `SharedSecret` built from a shared `SharedRender` returns the JSON of the
 * first of them that rendered, as long as its own metadata renders the same
 * (chart labels or a user's `metadata.addLabel()` make it differ) and nobody
 * added a JSON patch to it; otherwise it renders itself. The writer prints a
 * JSON object once (`toYaml` caches by identity), so the copies cost neither a
 * `toJson()` nor a YAML rendering.
 *
 * The shared JSON is frozen: a caller that changed it would change every copy.
 */
import { JsonPatch } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import type { JsonObject } from '../core/_json';

/** The rendering shared by the Secrets built from one set of props. */
export class SharedRender {
  /** The metadata (as JSON text) and the JSON of the first Secret rendered. */
  public first?: { readonly metadata: string; readonly json: JsonObject };
}

/** A Secret that reuses the JSON of an identical Secret (see the file comment). */
export class SharedSecret extends k8s.KubeSecret {
  private patched = false;

  public constructor(scope: Construct, id: string, private readonly shared: SharedRender, props: k8s.KubeSecretProps) {
    super(scope, id, props);
  }

  public addJsonPatch(...ops: JsonPatch[]): void {
    this.patched = true;
    super.addJsonPatch(...ops);
  }

  public toJson(): JsonObject {
    if (this.patched) { return super.toJson(); }
    const metadata = JSON.stringify(this.metadata.toJson());
    const first = this.shared.first;
    if (first?.metadata === metadata) { return first.json; }
    const json = deepFreeze(super.toJson() as JsonObject);
    SHARED_JSON.add(json);
    this.shared.first ??= { metadata, json };
    return json;
  }
}

const SHARED_JSON = new WeakSet<object>();

/** True for the (deeply frozen) JSON a `SharedSecret` returns: it never changes, so it can be printed once. */
export function isSharedJson(doc: unknown): doc is JsonObject {
  return doc !== null && typeof doc === 'object' && SHARED_JSON.has(doc);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) { deepFreeze(v); }
  }
  return value;
}
