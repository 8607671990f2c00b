import * as fs from 'fs';
import * as path from 'path';
import { buildCoreSchemas, CORE_KINDS } from '../../scripts/core-schemas';
import { ObjectValidator } from '../../src/output/_object-validator';

const dir = path.join(__dirname, '..', '..', 'schemas', 'core');

test('schemas/core/ is what scripts/core-schemas.ts builds from kubernetes-models (npx projen schemas:core)', () => {
  const built = buildCoreSchemas();
  expect(fs.readdirSync(dir).sort()).toEqual([...built.keys()].sort());
  for (const [name, content] of built) {
    expect({ name, same: fs.readFileSync(path.join(dir, name), 'utf-8') === content }).toEqual({ name, same: true });
  }
});

test('every listed core kind validates, with the messages kubernetes-models gives', () => {
  const v = new ObjectValidator();
  expect(CORE_KINDS.length).toBe(22);
  expect(v.validate({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } })).toEqual([]);
  expect(v.validate({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { replicas: 'x' } }))
    .toEqual(['/spec: must have required property selector', '/spec: must have required property template', '/spec/replicas: must be integer']);
  expect(v.validate({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'a' }, data: { k: 'not base64!' } }))
    .toEqual(['/data/k: must match format "byte"']);
  expect(v.validate({ apiVersion: 'v1', kind: 'Binding' }))
    .toEqual(['unknown kind v1 Binding: no upstream schema to validate it against']);
});

test('errors are those of the kubernetes-models classes', () => {
  const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'a' }, spec: { replicas: 'x', selector: {}, template: { spec: { containers: [{ image: 1 }] } } } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Deployment } = require('kubernetes-models/apps/v1/Deployment');
  let expected: string[] = [];
  try {
    new Deployment(obj).validate();
  } catch (e: any) {
    expected = e.errors.map((x: any) => `${x.instancePath || '/'}: ${x.message}`);
  }
  expect(expected.length).toBeGreaterThan(1);
  expect(new ObjectValidator().validate(obj)).toEqual(expected);
});
