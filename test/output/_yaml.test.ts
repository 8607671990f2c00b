import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { build as multiPrimary } from '../../examples/multi-primary/main';
import { build as primaryRemote } from '../../examples/primary-remote/main';
import { stringifyYaml } from '../../src/output/_yaml';
import { parseYaml, tempDir } from '../util';

const library = (doc: unknown) => YAML.stringify(doc, { lineWidth: 0, version: '1.1' });

describe('stringifyYaml prints exactly what the yaml library prints', () => {
  test('edge cases: YAML 1.1 booleans, numbers, block scalars, empty and nested collections', () => {
    const doc = {
      a: {},
      b: [],
      c: [{ x: 1, y: 'on' }, { z: [1, 2] }],
      d: 'line1\nline2\n',
      e: 'x\n',
      f: 'x',
      g: '  lead\nx\n',
      h: 'trail \nx',
      i: null,
      j: true,
      k: '2001-12-14',
      l: '0775',
      m: '1e3',
      n: '-',
      o: 'a: b',
      p: '#x',
      q: '',
      r: 'with space',
      s: 'y',
      t: '~',
      u: 'x\n\n',
      v: 'no-newline\nend',
      w: [[1, 2], [], [[3]], [{ a: 'x\ny\n' }]],
      x: { 'a b': 1, 'topology.istio.io/network': 'n', '': 'empty key' },
      z: '*.local',
      aa: ['*', 'x\ny', { b: { c: { d: 'deep\nblock\n' } } }],
      bb: 'https://x:6443',
      cc: 'a\tb',
      dd: 'é',
      ee: '007',
      ff: '0x1F',
      gg: '.inf',
      hh: 'null',
      ii: 'True',
      jj: '1_000',
      kk: '12:30',
      ll: '+1',
      mm: 0.5,
      nn: -3,
      oo: 1e21,
      pp: 'ends with colon:',
      qq: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      rr: { skipped: undefined, kept: 1 },
      ss: [null, false],
      tt: '\n',
      uu: ' ',
      vv: 'a\n  indented\nb\n',
    };
    expect(stringifyYaml(doc)).toEqual(library(doc));
    for (const scalar of ['x', 'on', '', 'a\nb\n', 1, true, null]) {
      expect(stringifyYaml(scalar)).toEqual(library(scalar));
    }
    expect(stringifyYaml({})).toEqual(library({}));
    expect(stringifyYaml([])).toEqual(library([]));
    expect(stringifyYaml([[]])).toEqual(library([[]]));
  });

  test('random JSON documents (seeded)', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('on', 'yes', 'y', 'n', '~', '0775', 'a: b', 'x\ny\n', '  x\n', 'x \n', '- a', '"q"', "'q'", '#', '{a}', '[b]', '\n\n', 'x\n\n'),
      // The shape stringifyYaml writes plain without asking the library (lowercase names), and its neighbours.
      fc.stringMatching(/^[a-z][a-z0-9./-]{0,10}$/),
      fc.constantFrom('off', 'true', 'false', 'null', 'no', 'e5', 'inf', 'nan', 'a.', 'a/', 'a-', 'x//y', 'a..b', 'Yes', 'NO', 'a:b', 'a b', 'e-0', 'e12'));
    const json = fc.letrec(tie => ({
      value: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(fc.property(json.object, doc => stringifyYaml(doc) === library(doc)), { seed: 4242, numRuns: 1500 });
  });

  test('every object of the examples', () => {
    for (const build of [multiPrimary, primaryRemote]) {
      const app = build({ outdir: tempDir(), keyStore: tempDir() });
      for (const file of app.synthFiles()) {
        for (const doc of parseYaml(file.content.replace(/^#.*\n/gm, ''))) {
          expect(stringifyYaml(doc)).toEqual(library(doc));
        }
      }
    }
  });
});

describe('stringifyYaml caches long strings', () => {
  test('long strings repeated across documents (kubeconfigs in remote secrets) print as the library prints them', () => {
    // GIVEN: one long block string and one long plain string, each used in many documents
    const kubeconfig = ['apiVersion: v1', 'clusters:', `- cluster:\n    certificate-authority-data: ${'QUJD'.repeat(400)}`, 'users:', `- name: c1\n  user:\n    token: ${'x'.repeat(900)}`, ''].join('\n');
    const long = 'y'.repeat(2000);
    const docs = Array.from({ length: 50 }, (_, i) => ({ kind: 'Secret', metadata: { name: `s${i}` }, stringData: { [`c${i % 3}`]: kubeconfig, plain: long } }));

    // WHEN / THEN
    for (const doc of docs) {
      expect(stringifyYaml(doc)).toEqual(library(doc));
    }
  });

  test('more long strings than the cache holds still print as the library prints them', () => {
    // GIVEN: 40 MiB of distinct long strings (the cache keeps 16 MiB, then starts over)
    const big = (i: number) => `${i}\n${'z'.repeat(1024 * 1024)}\n`;

    // WHEN / THEN
    for (let i = 0; i < 40; i++) {
      const doc = { v: big(i), w: [big(i)] };
      expect(stringifyYaml(doc)).toEqual(library(doc));
    }
  });
});
