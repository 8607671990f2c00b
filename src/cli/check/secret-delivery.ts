/**
 * The GitOps forms of the key-store Secrets (src/secrets): every SOPS document
 * holds only encrypted values and, when the key store has its data key,
 * decrypts (MAC verified) to the key-store Secret; no plain Secret stands next
 * to its SOPS, SealedSecret or ExternalSecret form; SealedSecrets hold sealed
 * values only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { plural } from '../io';
import { at, list, record } from './_doc';
import { TreeObject } from './tree';
import { Check, CheckResult, fail, ok, warn } from './types';
import { sopsDecrypt } from '../../secrets/_sops';
import { DELIVERY_DIR } from '../../secrets/secret-delivery';

const ENC = /^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]*,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:[a-z]+\]$/;
/** The smallest sealed value: 2 length bytes, an RSA-2048 ciphertext, a GCM tag. */
const MIN_SEALED_BYTES = 2 + 256 + 16;

const ref = (o: unknown) => `${at(o, 'metadata', 'namespace') ?? ''}/${at(o, 'metadata', 'name') ?? ''}`;

/** The entries of a map field (none when it is missing or not a map). */
const entries = (v: unknown, ...fields: string[]) => Object.entries(record(v, ...fields) ?? {});

/** The values of `data`/`stringData` that are not SOPS-encrypted (empty strings are left empty by SOPS). */
function plainValues(obj: unknown): string[] {
  const out: string[] = [];
  for (const field of ['data', 'stringData']) {
    for (const [k, v] of entries(obj, field)) {
      if (v !== '' && !(typeof v === 'string' && ENC.test(v))) { out.push(`${field}.${k}`); }
    }
  }
  return out;
}

/** The data key of the key store's SOPS state, if it can be read. */
function sopsDataKey(keyStore: string): Buffer | undefined {
  try {
    const stored: unknown = JSON.parse(fs.readFileSync(path.join(keyStore, DELIVERY_DIR, 'sops-keys.json'), 'utf-8'));
    const dataKey = at(stored, 'dataKey');
    if (typeof dataKey !== 'string') { return undefined; }
    const key = Buffer.from(dataKey, 'base64');
    return key.length === 32 ? key : undefined;
  } catch {
    return undefined;
  }
}

function checkSops(cluster: string, doc: TreeObject, dataKey: Buffer | undefined, keyStoreObjects: TreeObject[]): CheckResult {
  const what = `${cluster}: ${doc.file.slice(cluster.length + 1)} (SOPS)`;
  const plain = plainValues(doc.obj);
  if (plain.length > 0) {
    return fail(`${what} holds ${plural(plain.length, 'value')} in plain text next to its encrypted ones`, [...plain,
      'the file is committed: treat these values as exposed, replace them, and synthesize again']);
  }
  const age = list(doc.obj, 'sops', 'age');
  if (age.length === 0 || typeof at(doc.obj, 'sops', 'mac') !== 'string' || typeof at(doc.obj, 'sops', 'lastmodified') !== 'string') {
    return fail(`${what} has no age recipients, mac or lastmodified in its sops metadata: Flux cannot decrypt it`);
  }
  if (!dataKey) {
    return ok(`${what}: every value encrypted for ${plural(age.length, 'age recipient')} (no data key in the key store to verify the MAC)`);
  }
  let decrypted: unknown;
  try {
    // An encrypted document is a map with a `sops` map (tree.ts sorts them so).
    decrypted = sopsDecrypt(record(doc.obj) ?? {}, dataKey);
  } catch {
    return fail(`${what} does not decrypt with the key store's data key, or its MAC does not match: it was changed after synth, or made with another key`,
      ['synthesize again to write it anew']);
  }
  const kind = at(decrypted, 'kind');
  const source = keyStoreObjects.find(o => at(o.obj, 'kind') === kind && ref(o.obj) === ref(decrypted));
  if (!source) {
    return warn(`${what}: MAC verified, but the key store has no ${kind} ${ref(decrypted)} to compare it with`);
  }
  return JSON.stringify(source.obj) === JSON.stringify(decrypted)
    ? ok(`${what}: MAC verified; decrypts to the key-store Secret (${source.file})`)
    : fail(`${what}: MAC verified, but it differs from the key-store Secret (${source.file})`, ['synthesize again, then commit the new file']);
}

function checkSealed(cluster: string, o: TreeObject): CheckResult | undefined {
  const bad = entries(o.obj, 'spec', 'encryptedData')
    .filter(([, v]) => typeof v !== 'string' || Buffer.from(v, 'base64').length < MIN_SEALED_BYTES)
    .map(([k]) => `encryptedData.${k}`);
  const plain = ['data', 'stringData'].filter(f => { const v = at(o.obj, 'spec', 'template', f); return v !== undefined && v !== null && Object.keys(v).length > 0; });
  if (bad.length + plain.length === 0) { return undefined; }
  return fail(`${cluster}: ${o.file.slice(cluster.length + 1)} (SealedSecret ${ref(o.obj)}) holds values that are not sealed`,
    [...bad.map(b => `${b}: not a sealed value`), ...plain.map(p => `spec.template.${p}: plain text in the template`)]);
}

/** No plaintext next to an encrypted or referencing form; SOPS documents verify against the key store. */
export const secretDeliveryCheck: Check = {
  group: 'secret delivery',
  name: 'encrypted Secrets hold no plaintext and match the key store',
  run: ctx => {
    const results: CheckResult[] = [];
    const dataKey = ctx.keyStore.exists ? sopsDataKey(ctx.keyStore.root) : undefined;
    for (const c of ctx.tree.clusters) {
      const ksObjects = ctx.keyStore.objects.get(c.name) ?? [];
      for (const doc of c.encrypted) {
        results.push(checkSops(c.name, doc, dataKey, ksObjects));
      }
      const forms = [
        ...c.encrypted.map(o => ({ o, form: 'SOPS' })),
        ...c.objects.filter(o => at(o.obj, 'kind') === 'SealedSecret').map(o => ({ o, form: 'SealedSecret' })),
        ...c.objects.filter(o => at(o.obj, 'kind') === 'ExternalSecret').map(o => ({ o, form: 'ExternalSecret' })),
      ];
      for (const o of c.objects.filter(x => at(x.obj, 'kind') === 'SealedSecret')) {
        const r = checkSealed(c.name, o);
        if (r) { results.push(r); }
      }
      for (const plain of c.objects.filter(o => at(o.obj, 'kind') === 'Secret')) {
        const twin = forms.find(f => ref(f.o.obj) === ref(plain.obj) && (f.form !== 'SOPS' || at(f.o.obj, 'kind') === 'Secret'));
        if (twin) {
          results.push(fail(`${c.name}: Secret ${ref(plain.obj)} is in the tree in plain text (${plain.file.slice(c.name.length + 1)}) `
            + `next to its ${twin.form} form (${twin.o.file.slice(c.name.length + 1)})`,
          ['remove the plain file (re-synthesize without insecureWritePrivateMaterialToOutdir), and rotate what was committed']));
        }
      }
      const sealed = forms.filter(f => f.form === 'SealedSecret').length;
      const external = forms.filter(f => f.form === 'ExternalSecret').length;
      if (sealed + external > 0) {
        results.push(ok(`${c.name}: ${[sealed ? plural(sealed, 'SealedSecret') : '', external ? plural(external, 'ExternalSecret') : ''].filter(Boolean).join(', ')}`));
      }
    }
    return results;
  },
};
