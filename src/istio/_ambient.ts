/**
 * Ambient-mode facts and checks shared by the Istio constructs. A leaf module
 * apart from the validation helpers.
 */
import type { EastWestGatewayProps } from './east-west-gateway';
import { fail } from '../core/_validation';

/** The GatewayClass istiod provides for ambient east-west gateways (from 1.27). */
export const AMBIENT_GATEWAY_CLASS = 'istio-east-west';
/** The HBONE port ztunnel and ambient gateways listen on. */
export const HBONE_PORT = 15008;

/** Where the ambient east-west gateway comes from, for error messages. */
const SOURCE = 'in ambient mode the east-west gateway is the Gateway API Gateway of class istio-east-west that '
  + 'samples/multicluster/gen-eastwest-gateway.sh --ambient writes (Istio 1.27+), deployed by istiod\'s gateway controller';

/**
 * The props of a sidecar east-west gateway that an ambient one cannot carry:
 * they shape the Deployment, Service, autoscaler and budget this library
 * writes in sidecar mode, which an ambient mesh does not emit.
 */
const SIDECAR_ONLY: (keyof EastWestGatewayProps)[] = [
  'layout', 'nodePorts', 'additionalPorts', 'replicas', 'minReplicas', 'maxReplicas', 'resources',
  'nodeSelector', 'tolerations', 'podDisruptionBudget', 'externalTrafficPolicy', 'loadBalancerSourceRanges',
];

/** Refuses the sidecar-only props of an east-west gateway in an ambient mesh. */
export function checkAmbientGatewayProps(where: string, props: EastWestGatewayProps): void {
  for (const prop of SIDECAR_ONLY) {
    if (props[prop] !== undefined) {
      fail(where, prop, props[prop],
        `is a setting of the sidecar east-west gateway (the Deployment and Service this library writes in sidecar mode), but ${SOURCE}: `
        + 'only address, serviceAnnotations (spec.infrastructure.annotations) and loadBalancerIp (spec.addresses) apply; remove it');
    }
  }
  if (props.serviceType !== undefined && props.serviceType !== 'LoadBalancer') {
    fail(where, 'serviceType', props.serviceType,
      `must be LoadBalancer in ambient mode: ${SOURCE}, which makes a LoadBalancer Service, and istiod finds the address from its status (no global.meshNetworks in ambient)`);
  }
}
