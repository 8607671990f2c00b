import * as fs from 'fs';
import * as path from 'path';
import { at, baseDir, docs, kubeconfig, NATIVE, parse, problemsOf, RISTIOCTL } from './helpers';
import { formatProblem } from '../../src/mesh-file/problems';

const EXAMPLE = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'ristioctl-example.yaml'), 'utf-8');

function strip(model: any): any {
  return JSON.parse(JSON.stringify(model, (k, v) => (k === 'origin' ? undefined : v)));
}

const CERT = `${RISTIOCTL}\nkind: Certificate\nmetadata:\n  name: certs\nspec:\n  meshID: m1\n`;

function rcluster(name: string, extra = ''): string {
  return `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: ${name}\nspec:\n  kubeconfigFile: kc.yaml\n  context: ${name}\n  meshID: m1\n${extra}`;
}

describe('mesh file: ristioctl documents', () => {
  test('the documented example is translated with ristioctl\'s conventions', () => {
    // GIVEN
    const dir = baseDir({ 'kubeconfig-istio-demo.yaml': kubeconfig(['cluster1', 'cluster2']) });

    // WHEN
    const model = parse(EXAMPLE, dir);

    // THEN
    expect(strip(model.meshes)).toEqual([{
      name: 'uswestmesh',
      provider: 'istio',
      // 2190 hours are 91.25 days: the root gets 92 whole days, each intermediate half of them.
      trustRoot: { algorithm: 'RSA_2048', rootValidityDays: 92, intermediateValidityDays: 46 },
      istio: { version: '1.18.0', install: 'istioctl' },
      endpointDiscovery: 'full',
    }]);
    expect(strip(model.clusters)).toEqual(['cluster1', 'cluster2'].map(name => ({
      name,
      mesh: 'uswestmesh',
      network: `network-${name}`,
      role: 'primary',
      apiServer: { kind: 'kubeconfig', file: path.join(dir, 'kubeconfig-istio-demo.yaml'), context: name },
      eastWestGateway: { enabled: true, layout: 'istioctl' },
      sampleApps: true,
    })));
    expect(model.meshes[0].origin.label).toEqual('Certificate/ristioctl-certs');
    expect(model.meshes[0].origin.format).toEqual('ristioctl');
    expect(model.warnings.map(formatProblem)).toEqual([
      'mesh.yaml:6:18 Certificate/ristioctl-certs: \'spec.validityHours\' (2190) gives the root 92 days (rounded up to whole days) and each cluster\'s '
        + 'intermediate 46 days: ristioctl gives both the same validity, but an intermediate must be renewable before its root expires',
      'mesh.yaml:7:13 Certificate/ristioctl-certs: \'spec.password\' (false) is ignored, as ristioctl ignores it: '
        + 'private keys are never encrypted; they are written to the key store (--key-store) with mode 0600',
      'mesh.yaml:8:14 Certificate/ristioctl-certs: \'spec.sanSuffix\' ("istio.io") is not used: certificates are named as Istio\'s tools/certs name them '
        + '(CN=Root CA; CN=Intermediate CA, L=<cluster>), not root.istio.io and <cluster>.istio.io; Istio does not read these names',
    ]);
  });

  test('fields ristioctl ignores produce warnings (examples/mesh3.yaml style), string forms of numbers and booleans are read', () => {
    // GIVEN
    const text = docs(
      `${RISTIOCTL}\nkind: Certificate\nmetadata:\n  name: certs\n  labels: {team: mesh}\nspec:\n  validityHours: "87600"\n  meshID: m1\n  folder: /home/me/certs\n  installHelloWorld: true\n`,
      rcluster('east', '  installHelloWorld: "true"\n'),
      `${RISTIOCTL}\nkind: Cluster\nmetadata:\n  name: west\n  annotations: {a: b}\nspec:\n  kubeconfigFile: kc.yaml\n  meshID: m1\n  installHelloWorld: "false"\n`,
    );

    // WHEN
    const model = parse(text, baseDir({ 'kc.yaml': kubeconfig(['east', 'west']) }));

    // THEN
    expect(model.meshes[0].trustRoot).toEqual({ algorithm: 'RSA_2048', rootValidityDays: 3650, intermediateValidityDays: 1825 });
    expect(model.meshes[0].istio.version).toEqual('1.30.3');
    expect(model.clusters.map(c => [c.name, c.sampleApps, c.apiServer])).toEqual([
      ['east', true, expect.objectContaining({ context: 'east' })],
      ['west', false, expect.objectContaining({ context: undefined })],
    ]);
    expect(model.warnings.map(formatProblem)).toEqual([
      `mesh.yaml:${at(text, '{team')} Certificate/certs: 'metadata.labels' ({"team":"mesh"}) is ignored, as ristioctl ignores it`,
      `mesh.yaml:${at(text, '"87600"')} Certificate/certs: 'spec.validityHours' ("87600") gives the root 3650 days (rounded up to whole days) and each cluster's `
        + 'intermediate 1825 days: ristioctl gives both the same validity, but an intermediate must be renewable before its root expires',
      `mesh.yaml:${at(text, '/home/me/certs')} Certificate/certs: 'spec.folder' ("/home/me/certs") is ignored: `
        + 'keys and certificates are kept in the key store (--key-store, default .mesh-keys), outside the output tree',
      `mesh.yaml:${at(text, 'true\n---')} Certificate/certs: 'spec.installHelloWorld' (true) is ignored, as ristioctl ignores it in a Certificate: set it in the Cluster documents`,
      `mesh.yaml:${at(text, '{a: b}')} Cluster/west: 'metadata.annotations' ({"a":"b"}) is ignored, as ristioctl ignores it`,
    ]);
  });

  test.each([
    ['1', 2, 1],
    ['48', 2, 1],
    ['49', 3, 1],
    ['8760', 365, 182],
  ])('validityHours %s gives the root %i days and each intermediate %i, shorter than the root', (hours, root, intermediate) => {
    // GIVEN
    const text = CERT.replace('spec:\n', `spec:\n  validityHours: "${hours}"\n`);

    // WHEN
    const model = parse(text);

    // THEN
    expect(model.meshes[0].trustRoot).toEqual({ algorithm: 'RSA_2048', rootValidityDays: root, intermediateValidityDays: intermediate });
    expect(model.warnings.map(formatProblem)).toEqual([
      'mesh.yaml: declares no Cluster: nothing is synthesized',
      `mesh.yaml:${at(text, `"${hours}"`)} Certificate/certs: 'spec.validityHours' ("${hours}") gives the root ${root} days (rounded up to whole days) `
        + `and each cluster's intermediate ${intermediate} day${intermediate === 1 ? '' : 's'}: ristioctl gives both the same validity, but an intermediate must be renewable before its root expires`,
    ]);
  });

  describe('bad input', () => {
    const cases: { name: string; text: string; errors: (t: string) => string[] }[] = [
      {
        name: 'clusters of one mesh with different versions',
        text: docs(CERT, rcluster('east', '  version: "1.18.0"\n'), rcluster('west', '  version: "1.19.0"\n')),
        errors: t => [`mesh.yaml:${at(t, '"1.19.0"')} Cluster/west: 'spec.version' ("1.19.0") differs from "1.18.0" in Cluster/east (mesh.yaml:${at(t, '"1.18.0"')}): `
          + 'every cluster of mesh "m1" runs one Istio release'],
      },
      {
        name: 'a version that is not a full release',
        text: docs(CERT, rcluster('east', '  version: "1.18"\n')),
        errors: t => [`mesh.yaml:${at(t, '"1.18"')} Cluster/east: 'spec.version' ("1.18") must be a full Istio release version such as "1.30.3" `
          + '(MAJOR.MINOR.PATCH, optionally with a pre-release suffix such as "-beta.1")'],
      },
      {
        name: 'a cluster whose meshID has no Certificate',
        text: docs(CERT, rcluster('east').replace('meshID: m1', 'meshID: m2')),
        errors: t => [`mesh.yaml:${at(t, 'meshID: m2', 'm2')} Cluster/east: 'spec.meshID' ("m2") names a mesh no Certificate document of this file declares (meshIDs: m1): ristioctl needs one Certificate per mesh`],
      },
      {
        name: 'a cluster whose meshID is a native Mesh',
        text: docs(`${NATIVE}\nkind: Mesh\nmetadata:\n  name: m1\nspec: {}\n`, rcluster('east')),
        errors: t => [`mesh.yaml:${at(t, 'meshID: m1', 'm1')} Cluster/east: 'spec.meshID' ("m1") names the native Mesh at mesh.yaml:4:9: `
          + 'a ristioctl Cluster joins the mesh of a ristioctl Certificate; write this cluster as a native Cluster (cdk8s-mesh.io/v1alpha1) to join a native Mesh'],
      },
      {
        name: 'a native Mesh named like a Certificate\'s meshID',
        text: docs(CERT, `${NATIVE}\nkind: Mesh\nmetadata:\n  name: m1\nspec: {}\n`),
        errors: t => [`mesh.yaml:${at(t, 'name: m1', 'm1')} Mesh/m1: 'metadata.name' ("m1") is also described by the ristioctl Certificate at mesh.yaml:${at(t, 'meshID: m1', 'm1')}: `
          + 'a mesh is described once, either in the native format (cdk8s-mesh.io/v1alpha1) or in the ristioctl format (ristioctl.k8smgmt.io/v3), not both'],
      },
      {
        name: 'two Certificates for one mesh',
        text: docs(CERT, CERT.replace('name: certs', 'name: more-certs')),
        errors: t => [`mesh.yaml:${at(t, 'more-certs\nspec:\n  meshID: m1', 'm1')} Certificate/more-certs: 'spec.meshID' ("m1") is also the meshID of the ristioctl Certificate at mesh.yaml:${at(t, 'meshID: m1', 'm1')}: one Certificate per mesh`],
      },
      {
        name: 'a misspelt ristioctl field',
        text: docs(CERT, rcluster('east').replace('kubeconfigFile', 'kubeConfigFile')),
        errors: t => [
          `mesh.yaml:${at(t, 'kubeConfigFile')} Cluster/east: 'spec.kubeConfigFile' ("kc.yaml") is not a field of 'spec' (did you mean "kubeconfigFile"?): `
            + 'expected one of kubeconfigFile, context, meshID, version, installHelloWorld',
        ],
      },
      {
        name: 'installHelloWorld that is neither true nor false',
        text: docs(CERT, rcluster('east', '  installHelloWorld: "yes"\n')),
        errors: t => [`mesh.yaml:${at(t, '"yes"')} Cluster/east: 'spec.installHelloWorld' ("yes") must be true or false`],
      },
      {
        name: 'validityHours of zero',
        text: CERT.replace('spec:\n', 'spec:\n  validityHours: 0\n'),
        errors: t => [`mesh.yaml:${at(t, '0\n')} Certificate/certs: 'spec.validityHours' (0) must be a whole number of hours of at least 1, such as 87600`],
      },
    ];

    test.each(cases)('$name', c => {
      const dir = baseDir({ 'kc.yaml': kubeconfig(['east', 'west']) });
      expect(problemsOf(() => parse(c.text, dir)).errors).toEqual(c.errors(c.text));
    });
  });
});
