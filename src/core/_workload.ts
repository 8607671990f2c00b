/**
 * Internal: the checks of the shared workload vocabulary (`./workload`) and its
 * Kubernetes rendering, used by every construct that takes a toleration or a
 * container's resources, so that they accept the same values and refuse the
 * same ones with the same message.
 */
import { fail, isLabelKey, isLabelValue } from './_validation';
import { ComputeResources, Toleration, TolerationEffect, TolerationOperator } from './workload';

/** A Kubernetes quantity (`resource.Quantity`'s syntax: decimal or binary suffix, or an exponent). */
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;

/** CPU, memory and ephemeral-storage quantities, as a Kubernetes `ResourceList`. @internal */
export interface QuantityValues {
  'cpu'?: string;
  'memory'?: string;
  'ephemeral-storage'?: string;
}

/** Kubernetes `ResourceRequirements`: only the lists that have a quantity. @internal */
export interface ResourceValues {
  limits?: QuantityValues;
  requests?: QuantityValues;
}

/** A Kubernetes toleration, with its `operator` written. @internal */
export interface TolerationValue {
  key?: string;
  operator: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

/** The `ComputeResources` props and the resource list key each one sets. */
const RESOURCE_KEYS: readonly { prop: keyof ComputeResources; list: keyof ResourceValues; name: keyof QuantityValues }[] = [
  { prop: 'cpuLimit', list: 'limits', name: 'cpu' },
  { prop: 'memoryLimit', list: 'limits', name: 'memory' },
  { prop: 'ephemeralStorageLimit', list: 'limits', name: 'ephemeral-storage' },
  { prop: 'cpuRequest', list: 'requests', name: 'cpu' },
  { prop: 'memoryRequest', list: 'requests', name: 'memory' },
  { prop: 'ephemeralStorageRequest', list: 'requests', name: 'ephemeral-storage' },
];

/**
 * Checks `ComputeResources` at `prop`; returns the Kubernetes
 * `ResourceRequirements` (limits, then requests; cpu, memory, ephemeral-storage),
 * with the quantities as given. Undefined when `r` is undefined; `{}` when it
 * sets nothing.
 * @internal
 */
export function checkComputeResources(where: string, prop: string, r: ComputeResources | undefined): ResourceValues | undefined {
  if (r === undefined) { return undefined; }
  if (!r || typeof r !== 'object' || Array.isArray(r)) {
    fail(where, prop, r, 'must be ComputeResources ({ cpuRequest, cpuLimit, memoryRequest, memoryLimit, ephemeralStorageRequest, ephemeralStorageLimit })');
  }
  const out: ResourceValues = {};
  for (const k of RESOURCE_KEYS) {
    const v = r[k.prop];
    if (v === undefined) { continue; }
    if (typeof v !== 'string' || !QUANTITY.test(v)) {
      fail(where, `${prop}.${k.prop}`, v, 'must be a Kubernetes quantity such as "100m", "1", "128Mi" or "1Gi"');
    }
    (out[k.list] ??= {})[k.name] = v;
  }
  return out;
}

/**
 * Checks a list of `Toleration`s at `prop`; returns them as Kubernetes
 * tolerations (`operator` written, `TolerationOperator.EQUAL` when left out).
 * Undefined when `list` is undefined.
 * @internal
 */
export function checkTolerations(where: string, prop: string, list: Toleration[] | undefined): TolerationValue[] | undefined {
  if (list === undefined) { return undefined; }
  if (!Array.isArray(list)) { fail(where, prop, list, 'must be a list of tolerations'); }
  return list.map((t, i) => {
    const at = `${prop}[${i}]`;
    if (!t || typeof t !== 'object') { fail(where, at, t, 'must be a toleration ({ key, operator, value, effect })'); }
    const operator = t.operator ?? TolerationOperator.EQUAL;
    if (!Object.values(TolerationOperator).includes(operator)) {
      fail(where, `${at}.operator`, operator, `must be one of ${Object.values(TolerationOperator).join(', ')}`);
    }
    if (t.key !== undefined && !isLabelKey(t.key)) {
      fail(where, `${at}.key`, t.key, 'must be a valid taint key ([prefix/]name, name at most 63 characters of [A-Za-z0-9-_.])');
    }
    if (t.key === undefined && operator !== TolerationOperator.EXISTS) {
      fail(where, `${at}.key`, t.key, 'may only be left out with TolerationOperator.EXISTS (which then tolerates every taint)');
    }
    if (operator === TolerationOperator.EXISTS && t.value !== undefined) {
      fail(where, `${at}.value`, t.value, 'must be left out with TolerationOperator.EXISTS');
    }
    if (t.value !== undefined && !isLabelValue(t.value)) {
      fail(where, `${at}.value`, t.value, 'must be a valid taint value (at most 63 characters of [A-Za-z0-9-_.])');
    }
    if (t.effect !== undefined && !Object.values(TolerationEffect).includes(t.effect)) {
      fail(where, `${at}.effect`, t.effect, `must be one of ${Object.values(TolerationEffect).join(', ')}`);
    }
    if (t.tolerationSeconds !== undefined) {
      if (t.effect !== TolerationEffect.NO_EXECUTE) {
        fail(where, `${at}.tolerationSeconds`, t.tolerationSeconds, 'is only used with TolerationEffect.NO_EXECUTE');
      }
      if (!Number.isInteger(t.tolerationSeconds) || t.tolerationSeconds < 0) {
        fail(where, `${at}.tolerationSeconds`, t.tolerationSeconds, 'must be a whole number of seconds, 0 or more');
      }
    }
    const out: TolerationValue = { operator };
    if (t.key !== undefined) { out.key = t.key; }
    if (t.value !== undefined) { out.value = t.value; }
    if (t.effect !== undefined) { out.effect = t.effect; }
    if (t.tolerationSeconds !== undefined) { out.tolerationSeconds = t.tolerationSeconds; }
    return out;
  });
}
