/**
 * RBAC audit of the tree: what a reviewer must look at twice. A binding to a
 * built-in superuser role (cluster-admin, admin, edit) fails: no consumer of
 * this library needs one. Wildcard verbs, a binding to a role the tree does
 * not define, and Secrets readable across the whole cluster are listed as
 * warnings with the object, so a planted or hand-edited grant cannot pass
 * silently (the consumers that need such rules, Argo CD's manager and a
 * custom consumer that acknowledged wildcards, are named in the warning).
 */
import { at, isRecord, list } from './_doc';
import { Check, CheckResult, fail, ok, warn } from './types';

const SUPERUSER_ROLES = new Set(['cluster-admin', 'admin', 'edit']);
/** Roles the installs create and our bindings may name (Istio's reader role, by its chart's name pattern). */
const INSTALL_ROLES = /^istio-reader-clusterrole(-[a-z0-9-]+)?-[a-z0-9-]+$/;

interface Rule { apiGroups?: string[]; resources?: string[]; verbs?: string[]; nonResourceURLs?: string[] }

function describe(o: unknown): string {
  const namespace = at(o, 'metadata', 'namespace');
  return `${at(o, 'kind')} ${namespace ? `${namespace}/` : ''}${at(o, 'metadata', 'name')}`;
}

export const rbacAuditCheck: Check = {
  group: 'rbac audit',
  name: 'no superuser grants; wildcards and unknown roles listed',
  run: ctx => ctx.tree.clusters.map((c): CheckResult => {
    const objects = c.objects.map(o => o.obj).filter(isRecord);
    const roles = new Set(objects.filter(o => o.kind === 'ClusterRole' || o.kind === 'Role')
      .map(o => `${o.kind}/${o.kind === 'Role' ? `${at(o, 'metadata', 'namespace')}/` : ''}${at(o, 'metadata', 'name')}`));
    const failures: string[] = [];
    const warnings: string[] = [];
    for (const o of objects) {
      if (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') {
        const refKind = at(o, 'roleRef', 'kind');
        const refName = at(o, 'roleRef', 'name');
        if (refKind === 'ClusterRole' && typeof refName === 'string' && SUPERUSER_ROLES.has(refName)) {
          failures.push(`${describe(o)} binds the built-in ClusterRole ${refName}: no consumer needs it; grant the rules it uses instead`);
          continue;
        }
        const key = refKind === 'Role' ? `Role/${at(o, 'metadata', 'namespace')}/${refName}` : `ClusterRole/${refName}`;
        if (!roles.has(key) && !INSTALL_ROLES.test(String(refName))) {
          warnings.push(`${describe(o)} binds ${refKind} ${refName}, which this tree does not define: review what it grants`);
        }
      }
      if (o.kind === 'ClusterRole' || o.kind === 'Role') {
        // Rules are read as written (the schema check reports malformed ones).
        for (const r of list(o, 'rules') as Rule[]) {
          if ((r.verbs ?? []).includes('*')) {
            warnings.push(`${describe(o)} allows every verb (*) on ${(r.resources ?? r.nonResourceURLs ?? []).join(', ')}: expected only for Argo CD's manager role and custom consumers that acknowledged wildcards`);
          }
          const secrets = (r.resources ?? []).some(x => x === 'secrets' || x === '*') && (r.apiGroups ?? []).some(g => g === '' || g === '*');
          if (o.kind === 'ClusterRole' && secrets && (r.verbs ?? []).some(v => ['get', 'list', 'watch', '*'].includes(v))) {
            warnings.push(`${describe(o)} reads Secrets in every namespace: expected only for Argo CD's manager role`);
          }
        }
      }
    }
    if (failures.length > 0) { return fail(`${c.name}: ${failures.length} superuser grant${failures.length === 1 ? '' : 's'}`, [...failures, ...warnings]); }
    if (warnings.length > 0) { return warn(`${c.name}: ${warnings.length} RBAC grant${warnings.length === 1 ? '' : 's'} to review`, warnings); }
    return ok(`${c.name}: no superuser grant, no wildcard verb, every binding names a role of the tree or of the install`);
  }),
};
