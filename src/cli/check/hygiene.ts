/**
 * Namespaces named by namespace-scoped access that no manifest declares, and
 * private material (private keys, tokens) in the output tree.
 */
import * as path from 'path';
import { scanText } from '../../output/_scanner';
import { interruptedSynth } from '../../output/_store';
import { isInside } from '../../output/_writer';
import { plural } from '../io';
import { at, str } from './_doc';
import { allObjects, Check, CheckResult, fail, ok, warn } from './types';

/** Namespaces that exist in every cluster. */
const BUILT_IN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/** Roles and RoleBindings in namespaces that no manifest of the cluster declares (a warning: they may not exist yet). */
export const namespacesCheck: Check = {
  group: 'namespaces',
  name: 'namespace-scoped access names declared namespaces',
  run: ctx => ctx.tree.clusters.flatMap((c): CheckResult[] => {
    const objects = allObjects(ctx, c.name);
    const declared = new Set(objects.filter(o => at(o.obj, 'kind') === 'Namespace').map(o => at(o.obj, 'metadata', 'name')));
    const access = objects.filter(o => (at(o.obj, 'kind') === 'Role' || at(o.obj, 'kind') === 'RoleBinding') && str(o.obj, 'metadata', 'namespace') !== undefined)
      .map(o => ({ obj: o.obj, namespace: str(o.obj, 'metadata', 'namespace')! }));
    const undeclared = access.filter(o => !declared.has(o.namespace) && !BUILT_IN_NAMESPACES.includes(o.namespace));
    if (undeclared.length === 0) {
      return access.length > 0 ? [ok(`${c.name}: ${plural(access.length, 'Role and RoleBinding', 'Roles and RoleBindings')} in declared namespaces`)] : [];
    }
    const namespaces = [...new Set(undeclared.map(o => o.namespace))].sort();
    return [warn(`${c.name}: access in ${plural(namespaces.length, 'namespace')} no manifest declares: ${namespaces.join(', ')}`, [
      ...undeclared.map(o => `${at(o.obj, 'kind')} ${o.namespace}/${at(o.obj, 'metadata', 'name')}`),
      'they may not exist yet: these objects fail to apply until the namespaces are created',
    ])];
  }),
};

/**
 * What private material a text holds, directly or base64-encoded (nested,
 * wrapped, unaligned: the scanner of src/output/_scanner.ts, which the tests use
 * too): `PEM private key`, `token (JWT)`, `base64-encoded private key`,
 * `base64-encoded token`, or nothing.
 */
export function privateMaterialIn(text: string): string[] {
  const found = new Set<string>();
  for (const f of scanText('', text)) {
    const encoded = f.kind.startsWith('base64');
    found.add(f.kind.includes('private key')
      ? (encoded ? 'base64-encoded private key' : 'PEM private key')
      : f.kind.includes('age secret key') ? (encoded ? 'base64-encoded age secret key' : 'age secret key')
        : (encoded ? 'base64-encoded token' : 'token (JWT)'));
  }
  return [...found].sort();
}

/** No private key or token in the output tree; the key store outside it, git-ignored, with private files mode 0600. */
export const privateMaterialCheck: Check = {
  group: 'private material',
  name: 'no private keys or tokens in the output tree',
  run: ctx => {
    const results: CheckResult[] = [];
    const leaks = ctx.tree.files
      .map(f => ({ f, found: privateMaterialIn(f.text) }))
      .filter(x => x.found.length > 0);
    results.push(leaks.length > 0
      ? fail(`${plural(leaks.length, 'file')} of ${ctx.outdirName} hold${leaks.length === 1 ? 's' : ''} private material`, [
        ...leaks.map(x => `${x.f.rel}: ${x.found.join(', ')}`),
        'move them to the key store (re-synthesize without insecureWritePrivateMaterialToOutdir), and rotate what was committed',
      ])
      : ok(`no private keys or tokens in ${ctx.outdirName} (${plural(ctx.tree.files.length, 'file')} scanned)`));

    const ks = path.resolve(ctx.keyStore.root);
    if (isInside(ks, ctx.tree.root) || isInside(ctx.tree.root, ks)) {
      results.push(fail(`key store ${ctx.keyStoreName} is inside the output tree ${ctx.outdirName} (or contains it): the output tree is reviewed and committed`));
    } else if (ctx.keyStore.exists) {
      results.push(ok(`key store ${ctx.keyStoreName} is outside the output tree`));
      const gitignore = ctx.keyStore.files.find(f => f.rel === '.gitignore');
      if (!gitignore || !gitignore.text.split('\n').map(l => l.trim()).includes('*')) {
        results.push(warn(`key store ${ctx.keyStoreName} has no .gitignore that ignores everything (a line "*")`));
      }
      const loose = ctx.keyStore.files.filter(f => f.rel !== '.gitignore' && privateMaterialIn(f.text).length > 0 && f.mode % 0o100 !== 0);
      if (loose.length > 0) {
        results.push(fail(`${plural(loose.length, 'key store file')} with private material ${loose.length === 1 ? 'is' : 'are'} readable by others`,
          [...loose.map(f => `${f.rel}: mode ${(f.mode).toString(8).padStart(4, '0')}`), 'fix with: chmod 600 <file>']));
      }
    }
    return results;
  },
};

/** What an interrupted synth left in the key store or beside the output tree: apply nothing until a synth has recovered it. */
export const interruptedSynthCheck: Check = {
  group: 'output tree',
  name: 'no synth was interrupted',
  run: ctx => {
    const left = interruptedSynth(ctx.keyStore.root, ctx.tree.root);
    const results: CheckResult[] = [];
    if (left.transaction) {
      results.push(warn(`key store ${ctx.keyStoreName} holds the ${left.transaction === 'committed' ? 'committed' : 'uncommitted'} update of an interrupted synth (.transaction/)`, [
        left.transaction === 'committed'
          ? 'some of its files may still be the old ones: run cdk8s-mesh synth again (it completes the update) before applying anything from the key store'
          : 'the key store itself is unchanged; the next cdk8s-mesh synth removes the staged files',
      ]));
    }
    if (left.outdirSiblings.length > 0) {
      results.push(warn(`${ctx.outdirName} has ${plural(left.outdirSiblings.length, 'directory', 'directories')} of an interrupted synth beside it: ${left.outdirSiblings.join(', ')}`, [
        'run cdk8s-mesh synth again: it recovers the tree (the complete new one, else the old one) and removes them',
      ]));
    }
    return results;
  },
};
