/**
 * The checks of `EastWestGatewayProps` and their defaults: one function that
 * returns the props the render methods use, or throws naming the construct
 * path, the prop, the value and what is expected.
 */
import type {
  EastWestGatewayDisruptionBudget, EastWestGatewayNodePorts, EastWestGatewayPort, EastWestGatewayProps,
} from './east-west-gateway';
import {
  fail, isAddress, isCidr, isIpAddress, isLabelKey, isLabelValue, requireDns1123Label, requireList, requireMap, requirePort, requirePositiveInteger,
} from '../core/_validation';
import { checkComputeResources, checkTolerations, ResourceValues, TolerationValue } from '../core/_workload';
import type { ExternalTrafficPolicy } from '../core/workload';

/** The Service ports of a network gateway, fixed by both charts when the gateway serves a network. */
export const FIXED_PORTS: readonly { name: string; port: number; nodePortKey: keyof EastWestGatewayNodePorts; what: string }[] = [
  { name: 'status-port', port: 15021, nodePortKey: 'statusPort', what: 'the readiness port' },
  { name: 'tls', port: 15443, nodePortKey: 'tls', what: 'the cross-network mTLS port' },
  { name: 'tls-istiod', port: 15012, nodePortKey: 'tlsIstiod', what: "istiod's discovery port" },
  { name: 'tls-webhook', port: 15017, nodePortKey: 'tlsWebhook', what: "istiod's webhook port" },
];

/** The two enums' values, passed in to keep this module free of a runtime import of the construct's file. */
export interface GatewayEnums {
  readonly serviceTypes: readonly string[];
  readonly nodePort: string;
  readonly loadBalancer: string;
  readonly trafficPolicies: readonly string[];
  readonly layouts: readonly string[];
  readonly istioctlLayout: string;
}

/** Checked props, with every default applied. */
export interface CheckedGatewayProps {
  readonly layout: string;
  readonly address?: string;
  readonly serviceType: string;
  readonly serviceAnnotations: { [key: string]: string };
  readonly loadBalancerIp?: string;
  readonly loadBalancerSourceRanges?: string[];
  readonly externalTrafficPolicy?: ExternalTrafficPolicy;
  readonly nodePorts: EastWestGatewayNodePorts;
  readonly additionalPorts: EastWestGatewayPort[];
  /** A fixed number of pods; undefined: autoscaled. */
  readonly replicas?: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** The checked resources in Kubernetes form; undefined: the charts' default. */
  readonly resources?: ResourceValues;
  readonly nodeSelector: { [key: string]: string };
  readonly tolerations: TolerationValue[];
  readonly podDisruptionBudget?: EastWestGatewayDisruptionBudget;
}

/** Checks the props of the gateway at `where`; `defaultLayout` follows the install method. */
export function checkGatewayProps(where: string, props: EastWestGatewayProps, enums: GatewayEnums, defaultLayout: string): CheckedGatewayProps {
  const layout = props.layout ?? defaultLayout;
  if (!enums.layouts.includes(layout)) {
    fail(where, 'layout', layout, `must be one of ${enums.layouts.join(', ')} (EastWestGatewayLayout): the shape of the gateway objects, after the upstream route that installed them`);
  }
  const serviceType = props.serviceType ?? enums.loadBalancer;
  if (!enums.serviceTypes.includes(serviceType)) {
    fail(where, 'serviceType', serviceType,
      `must be one of ${enums.serviceTypes.join(', ')} (GatewayServiceType): other networks reach the gateway from outside the cluster`);
  }
  checkService(where, props, serviceType === enums.loadBalancer, enums.trafficPolicies);
  const address = props.address ?? props.loadBalancerIp;
  if (props.address !== undefined && !isAddress(props.address)) {
    fail(where, 'address', props.address,
      'must be an IP address (IPv4 or IPv6) or a DNS name (a lowercase DNS-1123 subdomain such as eastwest.example.com), without scheme or port');
  }
  const nodePorts = checkNodePorts(where, props, serviceType === enums.nodePort, address);
  const additionalPorts = checkAdditionalPorts(where, props.additionalPorts);
  const { replicas, minReplicas, maxReplicas } = checkReplicas(where, props);
  const tolerations = checkTolerations(where, 'tolerations', requireList(where, 'tolerations', props.tolerations, 'tolerations')) ?? [];
  const resources = checkComputeResources(where, 'resources', props.resources);
  const nodeSelector = checkNodeSelector(where, props.nodeSelector);
  const podDisruptionBudget = checkDisruptionBudget(where, props.podDisruptionBudget, layout === enums.istioctlLayout);
  return {
    layout,
    address,
    serviceType,
    nodePorts,
    additionalPorts,
    replicas,
    minReplicas,
    maxReplicas,
    tolerations,
    nodeSelector,
    podDisruptionBudget,
    serviceAnnotations: props.serviceAnnotations ?? {},
    loadBalancerIp: props.loadBalancerIp,
    loadBalancerSourceRanges: props.loadBalancerSourceRanges,
    externalTrafficPolicy: props.externalTrafficPolicy,
    resources,
  };
}

function checkService(where: string, props: EastWestGatewayProps, loadBalancer: boolean, trafficPolicies: readonly string[]): void {
  if (props.loadBalancerIp !== undefined) {
    if (!loadBalancer) {
      fail(where, 'loadBalancerIp', props.loadBalancerIp, 'is only used with GatewayServiceType.LOAD_BALANCER');
    }
    if (!isIpAddress(props.loadBalancerIp)) {
      fail(where, 'loadBalancerIp', props.loadBalancerIp, 'must be an IPv4 or IPv6 address');
    }
  }
  if (props.loadBalancerSourceRanges !== undefined) {
    if (!loadBalancer) {
      fail(where, 'loadBalancerSourceRanges', props.loadBalancerSourceRanges, 'is only used with GatewayServiceType.LOAD_BALANCER');
    }
    requireList(where, 'loadBalancerSourceRanges', props.loadBalancerSourceRanges, 'CIDR ranges').forEach((r, i) => {
      if (!isCidr(r)) {
        fail(where, `loadBalancerSourceRanges[${i}]`, r, 'must be a CIDR range such as 203.0.113.0/24 or 2001:db8::/32');
      }
    });
  }
  if (props.externalTrafficPolicy !== undefined && !trafficPolicies.includes(props.externalTrafficPolicy)) {
    fail(where, 'externalTrafficPolicy', props.externalTrafficPolicy, `must be one of ${trafficPolicies.join(', ')} (ExternalTrafficPolicy)`);
  }
  for (const [key, value] of Object.entries(requireMap(where, 'serviceAnnotations', props.serviceAnnotations, 'annotation names to values'))) {
    if (!isLabelKey(key)) {
      fail(where, 'serviceAnnotations', key, 'must have keys that are valid annotation names ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])');
    }
    if (typeof value !== 'string') {
      fail(where, `serviceAnnotations.${key}`, value, 'must be a string');
    }
  }
}

function checkNodePorts(where: string, props: EastWestGatewayProps, nodePortService: boolean, address: string | undefined): EastWestGatewayNodePorts {
  const nodePorts: EastWestGatewayNodePorts = requireMap(where, 'nodePorts', props.nodePorts as { [key: string]: number } | undefined, 'port names to node ports');
  const seen = new Map<number, string>();
  for (const p of FIXED_PORTS) {
    const n = nodePorts[p.nodePortKey];
    if (n === undefined) { continue; }
    const prop = `nodePorts.${p.nodePortKey}`;
    requirePort(where, prop, n);
    const other = seen.get(n);
    if (other) {
      fail(where, prop, n, `is also ${other}: node ports must be distinct`);
    }
    seen.set(n, prop);
  }
  if (nodePortService) {
    if (nodePorts.tls === undefined) {
      fail(where, 'nodePorts.tls', undefined,
        'must be set with GatewayServiceType.NODE_PORT: istiod cannot discover a NodePort gateway, so global.meshNetworks names it by address and this node port');
    }
    if (address === undefined) {
      fail(where, 'address', undefined,
        'must be set with GatewayServiceType.NODE_PORT: istiod cannot discover a NodePort gateway, so global.meshNetworks names it by this address (a node IP or DNS name) and nodePorts.tls');
    }
  }
  return nodePorts;
}

function checkAdditionalPorts(where: string, ports: EastWestGatewayPort[] | undefined): EastWestGatewayPort[] {
  const additionalPorts = requireList(where, 'additionalPorts', ports, 'ports ({ name, port })');
  const portNames = new Set(FIXED_PORTS.map(p => p.name));
  additionalPorts.forEach((p, i) => {
    const prop = `additionalPorts[${i}]`;
    requireDns1123Label(where, `${prop}.name`, p?.name);
    if (portNames.has(p.name)) {
      fail(where, `${prop}.name`, p.name, 'is already a port name of the gateway Service: port names must be unique');
    }
    portNames.add(p.name);
    requirePort(where, `${prop}.port`, p.port);
    const fixed = FIXED_PORTS.find(f => f.port === p.port);
    if (fixed) {
      fail(where, `${prop}.port`, p.port, `clashes with the gateway's port "${fixed.name}" (${fixed.port}, ${fixed.what}): pick another port`);
    }
    const clash = additionalPorts.slice(0, i).find(q => q.port === p.port);
    if (clash) {
      fail(where, `${prop}.port`, p.port, `is also the port of "${clash.name}": ports must be distinct`);
    }
    if (p.targetPort !== undefined) {
      requirePort(where, `${prop}.targetPort`, p.targetPort);
    }
  });
  return additionalPorts;
}

function checkReplicas(where: string, props: EastWestGatewayProps): { replicas?: number; minReplicas: number; maxReplicas: number } {
  if (props.replicas !== undefined) {
    if (props.minReplicas !== undefined || props.maxReplicas !== undefined) {
      fail(where, 'replicas', props.replicas,
        'cannot be combined with minReplicas/maxReplicas: give a fixed number of replicas, or autoscaling bounds');
    }
    requirePositiveInteger(where, 'replicas', props.replicas);
  }
  const minReplicas = props.minReplicas ?? 1;
  const maxReplicas = props.maxReplicas ?? 5;
  if (props.minReplicas !== undefined) { requirePositiveInteger(where, 'minReplicas', props.minReplicas); }
  if (props.maxReplicas !== undefined) { requirePositiveInteger(where, 'maxReplicas', props.maxReplicas); }
  if (minReplicas > maxReplicas) {
    fail(where, 'minReplicas', minReplicas, `must not be greater than maxReplicas (${maxReplicas})`);
  }
  return { replicas: props.replicas, minReplicas, maxReplicas };
}

function checkNodeSelector(where: string, nodeSelector: { [key: string]: string } | undefined): { [key: string]: string } {
  const checked = requireMap(where, 'nodeSelector', nodeSelector, 'node label names to values');
  for (const [key, value] of Object.entries(checked)) {
    if (!isLabelKey(key)) {
      fail(where, 'nodeSelector', key, 'must have keys that are valid label names ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])');
    }
    if (!isLabelValue(value)) {
      fail(where, `nodeSelector.${key}`, value, 'must be a valid label value (at most 63 characters of [A-Za-z0-9-_.], starting and ending with a letter or digit)');
    }
  }
  return checked;
}

function checkDisruptionBudget(
  where: string, pdb: EastWestGatewayDisruptionBudget | undefined, istioctlLayout: boolean,
): EastWestGatewayDisruptionBudget | undefined {
  if (pdb === undefined) { return undefined; }
  requireMap(where, 'podDisruptionBudget', pdb as { [key: string]: number }, 'minAvailable or maxUnavailable');
  if (istioctlLayout) {
    fail(where, 'podDisruptionBudget', pdb,
      'is not used with EastWestGatewayLayout.ISTIOCTL: the istio-ingress chart that istioctl renders writes its own PodDisruptionBudget (minAvailable: 1, global.defaultPodDisruptionBudget); leave podDisruptionBudget out, or use EastWestGatewayLayout.GATEWAY_CHART');
  }
  if ((pdb.minAvailable === undefined) === (pdb.maxUnavailable === undefined)) {
    fail(where, 'podDisruptionBudget', pdb, 'must set exactly one of minAvailable and maxUnavailable (the gateway chart\'s podDisruptionBudget value)');
  }
  if (pdb.minAvailable !== undefined) { requirePositiveInteger(where, 'podDisruptionBudget.minAvailable', pdb.minAvailable); }
  if (pdb.maxUnavailable !== undefined) { requirePositiveInteger(where, 'podDisruptionBudget.maxUnavailable', pdb.maxUnavailable); }
  return pdb;
}
