/*
 * Features that a core class offers a method for but does not implement. Core stays the
 * bottom of the dependency rule (core <- istio, linkerd, pki, access): the feature's module
 * provides its factory when it loads (`src/index.ts` loads every module), so core never
 * imports the feature at run time.
 */
import type { Mesh } from './mesh';
import type { EndpointDiscovery, EndpointDiscoveryOptions } from '../access/endpoint-discovery';

/** Creates the endpoint discovery of `mesh` (`Mesh.enableEndpointDiscovery()`). */
export type EndpointDiscoveryFactory = (mesh: Mesh, options: EndpointDiscoveryOptions) => EndpointDiscovery;

let endpointDiscovery: EndpointDiscoveryFactory | undefined;

/** Called once by `access/endpoint-discovery.ts` when it loads. */
export function provideEndpointDiscovery(factory: EndpointDiscoveryFactory): void {
  endpointDiscovery = factory;
}

/** The factory `access/endpoint-discovery.ts` provided. */
export function endpointDiscoveryFactory(): EndpointDiscoveryFactory {
  if (!endpointDiscovery) {
    throw new Error('internal: access/endpoint-discovery was not loaded; import the library from its root');
  }
  return endpointDiscovery;
}
