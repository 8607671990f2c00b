/*
 * Brand checks for the core constructs, by `Symbol.for` (they hold across copies of the
 * library in one process). A leaf module: feature folders test "is this a Mesh?" without
 * importing the core classes at load time.
 */
import type { Mesh } from './mesh';
import type { MeshCluster } from './mesh-cluster';

const MESH = Symbol.for('cdk8s-multicluster-mesh.Mesh');
const MESH_CLUSTER = Symbol.for('cdk8s-multicluster-mesh.MeshCluster');

/** Marks `mesh` as a `Mesh`. */
export function brandMesh(mesh: Mesh): void {
  Object.defineProperty(mesh, MESH, { value: true });
}

/** Marks `cluster` as a `MeshCluster`. */
export function brandMeshCluster(cluster: MeshCluster): void {
  Object.defineProperty(cluster, MESH_CLUSTER, { value: true });
}

/** True when `x` is a `Mesh`. */
export function isMesh(x: unknown): x is Mesh {
  return x !== null && typeof x === 'object' && MESH in x;
}

/** True when `x` is a `MeshCluster`. */
export function isMeshCluster(x: unknown): x is MeshCluster {
  return x !== null && typeof x === 'object' && MESH_CLUSTER in x;
}
