/**
 * Secret delivery (src/secrets): SOPS age recipients, the Sealed Secrets
 * certificate, External Secrets stores, and mixing delivery modes, through the
 * API and the mesh file. Keys and certificates are made when a case runs.
 */
import { generateKeyPairSync } from 'crypto';
import { ApiObject, Chart } from 'cdk8s';
import { MeshApp, SecretDelivery } from '../../../src';
import { Io } from '../../../src/cli/io';
import { synthCommand } from '../../../src/cli/synth';
import { markPrivate } from '../../../src/output/_metadata';
import { CaseContext } from '../context';
import { ApiCase, Stage } from '../types';

/** A valid age recipient (a public key: nothing secret), and an age identity's shape (made up, not a key of anyone). */
const RECIPIENT = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';
const IDENTITY = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';

/** An RSA certificate for the Sealed Secrets controller, written to `sealed-secrets.pem`. */
function rsaCertificate(ctx: CaseContext, notBefore?: Date, days?: number): string {
  const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return ctx.file('sealed-secrets.pem', ctx.makeCa({ subject: 'sealed-secret', key, notBefore, days }).cert, 0o644);
}

/** An app with a chart `c1` holding one private Secret `ns1/s1` (and `extra` objects). */
function withSecret(app: MeshApp, extra?: (c: Chart) => void): MeshApp {
  const chart = new Chart(app, 'c1');
  markPrivate(new ApiObject(chart, 's1', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1', namespace: 'ns1' }, data: { a: 'b25l' } }));
  extra?.(chart);
  return app;
}

const NATIVE = 'apiVersion: cdk8s-mesh.io/v1alpha1';
const CLUSTER = `${NATIVE}\nkind: Cluster\nmetadata:\n  name: east\nspec: {network: n1}\n`;
const mesh = (name: string, spec: string) => `${NATIVE}\nkind: Mesh\nmetadata:\n  name: ${name}\nspec:\n${spec}`;

const IO: Io = {
  interactive: false,
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
};

/** A mesh-file case: `mesh.yaml` (and files beside it), then `cdk8s-mesh synth -f mesh.yaml` in-process. */
function meshFileCase(c: { id: string; title: string; text: string; setup?: (ctx: CaseContext) => void; message: string }): ApiCase {
  return {
    id: `secrets-mesh-file-${c.id}`,
    area: 'secrets',
    title: c.title,
    stage: Stage.MESH_FILE,
    setup: ctx => {
      ctx.file('mesh.yaml', c.text, 0o644);
      c.setup?.(ctx);
    },
    run: () => synthCommand({ file: 'mesh.yaml', output: 'dist', keyStore: '.mesh-keys' }, IO),
    message: c.message,
  };
}

const RECIPIENT_EXPECTED = 'must be an age X25519 recipient: "age1" followed by the Bech32 public key that age-keygen prints '
  + '(SOPS supports no other age recipient type)';

export const SECRETS_CASES: ApiCase[] = [
  {
    id: 'secrets-age-recipient-not-one',
    area: 'secrets',
    title: 'A SOPS age recipient that is not one (a typo breaks its checksum)',
    stage: Stage.CONSTRUCT,
    run: () => SecretDelivery.sops({ ageRecipients: [RECIPIENT.slice(0, -1) + 'q'] }),
    message: `MeshApp: 'secretDelivery.ageRecipients[0]' ("${RECIPIENT.slice(0, -1)}q") ${RECIPIENT_EXPECTED}`,
  },
  {
    id: 'secrets-age-identity-as-recipient',
    area: 'secrets',
    title: 'An age identity (secret key) given as a recipient: never printed',
    stage: Stage.CONSTRUCT,
    run: () => SecretDelivery.sops({ ageRecipients: [IDENTITY] }),
    message: `MeshApp: 'secretDelivery.ageRecipients[0]' ("[redacted age secret key, ${IDENTITY.length} chars]") ${RECIPIENT_EXPECTED}`,
    fix: 'Give the public key: age-keygen -y key.txt prints it.',
  },
  {
    id: 'secrets-age-recipients-empty',
    area: 'secrets',
    title: 'SOPS without age recipients',
    stage: Stage.CONSTRUCT,
    run: () => SecretDelivery.sops({ ageRecipients: [] }),
    message: 'MeshApp: \'secretDelivery.ageRecipients\' ([]) must list at least one age recipient',
  },
  {
    id: 'secrets-sealed-certificate-not-rsa',
    area: 'secrets',
    title: 'A Sealed Secrets certificate that is not an RSA certificate',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('sealed-secrets.pem', ctx.makeCa({ subject: 'not-sealed-secrets' }).cert, 0o644); },
    run: () => SecretDelivery.sealedSecrets({ certificateFile: 'sealed-secrets.pem' }),
    message: 'MeshApp: \'secretDelivery.certificateFile\' ("sealed-secrets.pem") must be the Sealed Secrets controller\'s RSA certificate, but its key is EC',
  },
  {
    id: 'secrets-sealed-certificate-expired',
    area: 'secrets',
    title: 'A Sealed Secrets certificate that has expired',
    stage: Stage.CONSTRUCT,
    setup: ctx => { rsaCertificate(ctx, new Date('2020-01-01T00:00:00Z'), 30); },
    run: () => SecretDelivery.sealedSecrets({ certificateFile: 'sealed-secrets.pem' }),
    message: 'MeshApp: \'secretDelivery.certificateFile\' ("sealed-secrets.pem") has expired (notAfter 2020-01-31T00:00:00.000Z): the controller '
      + 'renews its key every 30 days by default; fetch its current certificate with kubeseal --fetch-cert',
  },
  {
    id: 'secrets-sealed-certificate-not-pem',
    area: 'secrets',
    title: 'A Sealed Secrets certificate file that is not a certificate',
    stage: Stage.CONSTRUCT,
    setup: ctx => { ctx.file('sealed-secrets.pem', 'not a certificate\n', 0o644); },
    run: () => SecretDelivery.sealedSecrets({ certificateFile: 'sealed-secrets.pem' }),
    message: 'MeshApp: \'secretDelivery.certificateFile\' ("sealed-secrets.pem") must be a PEM X.509 certificate (kubeseal --fetch-cert), but it does not parse as one',
  },
  {
    id: 'secrets-mixing-delivery-and-insecure-outdir',
    area: 'secrets',
    title: 'Mixing modes: a secret delivery with insecureWritePrivateMaterialToOutdir',
    stage: Stage.CONSTRUCT,
    run: () => new MeshApp({ secretDelivery: SecretDelivery.sops({ ageRecipients: [RECIPIENT] }), insecureWritePrivateMaterialToOutdir: true }),
    message: 'MeshApp: \'secretDelivery\' (sops) cannot be combined with \'insecureWritePrivateMaterialToOutdir\': the first commits each Secret '
      + 'encrypted, the second in plain text; choose one',
  },
  {
    id: 'secrets-mixing-modes-for-one-secret',
    area: 'secrets',
    title: 'Mixing modes for one Secret: the tree already has a SealedSecret of that name',
    stage: Stage.SYNTH,
    run: ctx => withSecret(ctx.app({ secretDelivery: SecretDelivery.sops({ ageRecipients: [RECIPIENT] }) }), c => new ApiObject(c, 'sealed', {
      apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 's1', namespace: 'ns1' }, spec: { encryptedData: {} },
    })).synth(),
    message: 'MeshApp: \'secretDelivery\' ("sops") cannot deliver Secret "ns1/s1" of cluster "c1": the tree already has a SealedSecret of that name '
      + '(bitnami.com/v1alpha1); deliver each Secret one way only',
  },
  {
    id: 'secrets-external-store-missing',
    area: 'secrets',
    title: 'An ExternalSecret store that the cluster\'s tree does not have',
    stage: Stage.SYNTH,
    run: ctx => withSecret(ctx.app({ secretDelivery: SecretDelivery.externalSecrets({ storeName: 'vault' }) })).synth(),
    message: 'MeshApp: \'secretDelivery.storeName\' ("vault") names a ClusterSecretStore that cluster "c1" does not have: add the '
      + 'ClusterSecretStore to the cluster\'s chart, or set storeOutsideTree when it is managed elsewhere',
  },
  {
    id: 'secrets-external-store-name-invalid',
    area: 'secrets',
    title: 'An ExternalSecret store name that is not a Kubernetes name',
    stage: Stage.CONSTRUCT,
    run: () => SecretDelivery.externalSecrets({ storeName: 'My Vault' }),
    message: 'MeshApp: \'secretDelivery.storeName\' ("My Vault") must be the name of a SecretStore or ClusterSecretStore (a DNS-1123 subdomain)',
  },
  {
    id: 'secrets-external-refresh-not-duration',
    area: 'secrets',
    title: 'An ExternalSecret refresh interval that is not a whole number of seconds',
    stage: Stage.CONSTRUCT,
    run: () => SecretDelivery.externalSecrets({ storeName: 'vault', refreshIntervalSeconds: -60 }),
    message: 'MeshApp: \'secretDelivery.refreshIntervalSeconds\' (-60) must be a whole number of seconds, 0 or more',
  },
  {
    id: 'secrets-credential-warning-days-invalid',
    area: 'secrets',
    title: 'A credential warning window that is not a whole number of days',
    stage: Stage.CONSTRUCT,
    run: () => new MeshApp({ credentialWarningDays: 0.5 }),
    message: 'MeshApp: \'credentialWarningDays\' (0.5) must be a whole number of days from 1 to 3650',
  },
  meshFileCase({
    id: 'two-modes',
    title: 'A mesh file secretDelivery that sets two modes',
    text: [mesh('mesh1', `  secretDelivery:\n    sops: {ageRecipients: [${RECIPIENT}]}\n    keyStore: {}\n`), CLUSTER].join('---\n'),
    message: 'mesh.yaml:7:5 Mesh/mesh1: \'spec.secretDelivery\' ({"keyStore":"…","sops":"…"}) sets keyStore and sops: every Secret is delivered '
      + 'one way, so choose one mode',
  }),
  meshFileCase({
    id: 'meshes-disagree',
    title: 'Two Meshes of a file that ask for different secret deliveries',
    text: [
      mesh('mesh1', `  secretDelivery: {sops: {ageRecipients: [${RECIPIENT}]}}\n`),
      mesh('mesh2', '  secretDelivery: {keyStore: {}}\n'),
      `${NATIVE}\nkind: Cluster\nmetadata:\n  name: east\nspec: {mesh: mesh1, network: n1}\n`,
    ].join('---\n'),
    message: 'mesh.yaml:13:19 Mesh/mesh2: \'spec.secretDelivery\' ("keyStore") differs from the secretDelivery of Mesh/mesh1 (sops): the app delivers '
      + 'every Secret one way, so every Mesh that sets secretDelivery must set the same',
  }),
  meshFileCase({
    id: 'refresh-not-duration',
    title: 'A mesh file ExternalSecret refresh interval that is not a Go duration of whole seconds',
    text: [mesh('mesh1', '  secretDelivery: {externalSecrets: {storeName: vault, refreshInterval: 1 hour}}\n'), CLUSTER].join('---\n'),
    message: 'mesh.yaml:6:73 Mesh/mesh1: \'spec.secretDelivery.externalSecrets.refreshInterval\' ("1 hour") must be a Go duration of whole seconds, '
      + 'such as "10m", "1h" or "90s"',
  }),
  meshFileCase({
    id: 'age-recipient-not-one',
    title: 'A mesh file age recipient that is not one',
    text: [mesh('mesh1', '  secretDelivery: {sops: {ageRecipients: [age1abc]}}\n'), CLUSTER].join('---\n'),
    message: `mesh.yaml:6:43 Mesh/mesh1: 'spec.secretDelivery.sops.ageRecipients[0]' ("age1abc") ${RECIPIENT_EXPECTED}`,
  }),
  meshFileCase({
    id: 'sealed-certificate-not-rsa',
    title: 'A mesh file Sealed Secrets certificate that is not RSA',
    text: [mesh('mesh1', '  secretDelivery: {sealedSecrets: {certificateFile: sealed-secrets.pem}}\n'), CLUSTER].join('---\n'),
    setup: ctx => { ctx.file('sealed-secrets.pem', ctx.makeCa({ subject: 'not-sealed-secrets' }).cert, 0o644); },
    message: 'mesh.yaml:6:53 Mesh/mesh1: \'spec.secretDelivery.sealedSecrets.certificateFile\' ("sealed-secrets.pem") must be the Sealed Secrets '
      + 'controller\'s RSA certificate, but its key is EC',
  }),
];
