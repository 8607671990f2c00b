/**
 * Checks of the output tree's shape (marker, YAML, kustomization) and of every
 * object against its upstream schema.
 */
import * as path from 'path';
import { linkerdValuesSchema } from '../../linkerd/_values-schema';
import { OWNER_MARKER } from '../../output/_writer';
import { plural } from '../io';
import { at, isRecord } from './_doc';
import { Check, CheckResult, fail, ok, warn } from './types';

/** The tree was written by cdk8s-mesh and every YAML file parses. */
export const treeCheck: Check = {
  group: 'output tree',
  name: 'written by cdk8s-mesh, YAML parses',
  run: ctx => {
    const results: CheckResult[] = [];
    const names = ctx.tree.clusters.map(c => c.name);
    if (ctx.tree.marker) {
      results.push(ok(`${ctx.outdirName} was written by cdk8s-mesh synth (${plural(names.length, 'cluster')}${names.length ? `: ${names.join(', ')}` : ''})`));
    } else {
      results.push(warn(`${ctx.outdirName} has no ${OWNER_MARKER} marker: it was not written by cdk8s-mesh synth, or was copied without it`));
    }
    if (names.length === 0) {
      results.push(fail(`${ctx.outdirName} has no cluster directories`));
    }
    const bad = ctx.tree.files.filter(f => f.error !== undefined);
    if (bad.length > 0) {
      results.push(fail(`${plural(bad.length, 'file')} of ${ctx.outdirName} ${bad.length === 1 ? 'is' : 'are'} not valid YAML`,
        bad.map(f => `${f.rel}: ${f.error}`)));
    }
    return results;
  },
};

/** Each cluster's kustomization lists exactly its manifest files. */
export const kustomizationCheck: Check = {
  group: 'output tree',
  name: 'kustomization lists exactly the manifests',
  run: ctx => ctx.tree.clusters.map(c => {
    const k = c.kustomization;
    if (!k) {
      return fail(`${c.name}: no kustomization.yaml`);
    }
    const doc = k.docs?.[0];
    const resources = at(doc, 'resources');
    if (!isRecord(doc) || doc.kind !== 'Kustomization' || !Array.isArray(resources)) {
      return fail(`${c.name}: kustomization.yaml is not a Kustomization with a resources list`);
    }
    // Anything but the resources list (patches, generators, images, namePrefix, …) changes what is applied
    // without being in the reviewed files; the synth writes none of them.
    const other = Object.keys(doc).filter(key => !['apiVersion', 'kind', 'resources'].includes(key)).sort();
    if (other.length > 0) {
      return fail(`${c.name}: kustomization.yaml sets ${other.join(', ')}: these change the applied objects outside the reviewed manifests`,
        ['the synth writes only resources: remove the other fields, or express the change in the mesh definition']);
    }
    const files = c.manifests.map(m => m.rel.slice(c.name.length + 1)).sort();
    const listed = (resources as unknown[]).map(String);
    const missing = files.filter(f => !listed.includes(f));
    const extra = listed.filter(r => !files.includes(r));
    const twice = listed.filter((r, i) => listed.indexOf(r) !== i);
    if (missing.length + extra.length + twice.length > 0) {
      return fail(`${c.name}: kustomization.yaml does not list exactly the cluster's manifests`, [
        ...missing.map(f => `not listed: ${f}`),
        ...extra.map(f => `listed but missing: ${f}`),
        ...twice.map(f => `listed twice: ${f}`),
      ]);
    }
    return ok(`${c.name}: kustomization.yaml lists exactly its ${plural(files.length, 'manifest')}`);
  }),
};

/** A SOPS document as the object it decrypts to, for its schema: values under `data`/`stringData` emptied, `sops` left out. */
export function sopsShape(obj: unknown): unknown {
  const { sops, ...rest } = isRecord(obj) ? obj : {};
  const empty = (m: unknown) => (m && typeof m === 'object' ? Object.fromEntries(Object.keys(m).map(k => [k, ''])) : m);
  return {
    ...rest,
    ...(rest.data !== undefined ? { data: empty(rest.data) } : {}),
    ...(rest.stringData !== undefined ? { stringData: empty(rest.stringData) } : {}),
  };
}

/** The Argo CD / Flux objects of `_delivery/` against their CRD schemas (schemas/crds.json). */
export const deliverySchemaCheck: Check = {
  group: 'schemas',
  name: 'every GitOps delivery object valid against its CRD schema',
  run: ctx => {
    if (ctx.tree.delivery.length === 0) { return []; }
    const problems: string[] = [];
    for (const { obj, file } of ctx.tree.delivery) {
      for (const e of ctx.validator.validate(obj)) {
        problems.push(`${file} ${at(obj, 'kind') ?? '?'}/${at(obj, 'metadata', 'name') ?? '?'}: ${e}`);
      }
    }
    const what = plural(ctx.tree.delivery.length, 'object');
    return [problems.length > 0
      ? fail(`_delivery: ${plural(problems.length, 'schema error')} in ${what}`, problems)
      : ok(`_delivery: ${what} valid against the Argo CD and Flux CRD schemas`)];
  },
};

/** Every applied object validates against its upstream schema; install files too. */
export const schemaCheck: Check = {
  group: 'schemas',
  name: 'every object valid against its upstream schema',
  run: ctx => ctx.tree.clusters.flatMap(c => {
    const problems: string[] = [];
    // A SOPS document is checked in its decrypted shape: `sops` left out, each encrypted value standing in as an empty one.
    for (const { obj, file } of [...c.objects, ...c.encrypted.map(o => ({ ...o, obj: sopsShape(o.obj) }))]) {
      for (const e of ctx.validator.validate(obj)) {
        problems.push(`${file.slice(c.name.length + 1)} ${at(obj, 'kind') ?? '?'}/${at(obj, 'metadata', 'name') ?? '?'}: ${e}`);
      }
    }
    let installChecked = 0;
    const unchecked: string[] = [];
    for (const f of c.install) {
      const file = f.rel.slice(c.name.length + 1);
      if (!f.docs) { continue; }
      if (f.docs.some(d => at(d, 'kind') === 'IstioOperator')) {
        f.docs.forEach(d => ctx.validator.validateIstioOperator(d).forEach(e => problems.push(`${file}: ${e}`)));
        installChecked++;
      } else if (/^install\/(base|istiod)(-[a-z0-9-]+)?-values\.ya?ml$/.test(file)) {
        f.docs.forEach(d => ctx.validator.validateIstioValues(d).forEach(e => problems.push(`${file}: ${e}`)));
        installChecked++;
      } else if (linkerdValuesSchema(path.posix.basename(file))) {
        f.docs.forEach(d => (ctx.validator.validateLinkerdValues(path.posix.basename(file), d) ?? []).forEach(e => problems.push(`${file}: ${e}`)));
        installChecked++;
      } else {
        unchecked.push(file);
      }
    }
    const what = `${plural(c.objects.length + c.encrypted.length, 'object')}${installChecked ? ` and ${plural(installChecked, 'install file')}` : ''}`;
    const results: CheckResult[] = [problems.length > 0
      ? fail(`${c.name}: ${plural(problems.length, 'schema error')} in ${what}`, problems)
      : ok(`${c.name}: ${what} valid against their upstream schemas`)];
    if (unchecked.length > 0) {
      results.push(warn(`${c.name}: ${plural(unchecked.length, 'install file')} not checked: no schema is bundled for ${unchecked.length === 1 ? 'it' : 'them'}`, unchecked));
    }
    return results;
  }),
};
