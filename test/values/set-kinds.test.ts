// Helm's value flags beyond --set: --set-string, --set-json, --set-file, --set-literal. Each row's
// expectation is what Helm 3.22 printed for it (`helm template` of a chart that prints
// `toJson .Values`); the last block runs that chart with the real Helm and compares row by row.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { orderSets, parseSet, setFilePaths, type SetKind } from '../../src/values/set.js';
import { CHART, findHelms, helm, parseObjects } from '../chart/helm.js';
import { cli } from '../helpers/run.js';

const FILES = { 'a.txt': 'hello', 'b.txt': 'line 1\nline 2\n' };

const rows: Array<[SetKind, string, unknown]> = [
  ['set-string', 'a=null,b={1,true},c=007', { a: 'null', b: ['1', 'true'], c: '007' }],
  ['set-string', 'workers.api.env[0].value=8', { workers: { api: { env: [{ value: '8' }] } } }],
  ['set-string', 'a=x\\,y', { a: 'x,y' }],
  ['set-json', 'a=[1,{"b":2}],c= , d={"x":"y,z"}', { a: [1, { b: 2 }], c: null, ' d': { x: 'y,z' } }],
  ['set-json', 'a="8"', { a: '8' }],
  ['set-json', 'a=', { a: null }],
  ['set-json', 'a.b[1]=true', { a: { b: [null, true] } }],
  ['set', 'a[2]=x', { a: [null, null, 'x'] }],
  ['set', 'a[0][1]=x,b[1].c=y', { a: [[null, 'x']], b: [null, { c: 'y' }] }],
  ['set-string', 'a[1]=1', { a: [null, '1'] }],
  ['set-json', 'a[1]={"b":[1]}', { a: [null, { b: [1] }] }],
  ['set-json', 'a={"s":"with } and ] inside"}', { a: { s: 'with } and ] inside' } }],
  ['set-file', 'a=a.txt', { a: 'hello' }],
  ['set-file', 'a=a.txt,b={a.txt,b.txt}', { a: 'hello', b: ['hello', 'line 1\nline 2\n'] }],
  ['set-literal', 'a.b=x,y=z\\.q', { a: { b: 'x,y=z\\.q' } }],
  ['set-literal', 'a={1,2}', { a: '{1,2}' }],
];

const bad: Array<[SetKind, string, number, RegExp]> = [
  // A --set-json mistake names the key and points at the character where the JSON stops being JSON.
  ['set-json', 'a=[1,2', 7, /^--set-json a: not JSON: Expected ',' or ']' after array element$/],
  ['set-json', 'a=1 b=2', 5, /^--set-json a: unexpected text after the JSON value$/],
  ['set-json', 'a=1,b={x}', 8, /^--set-json b: not JSON: Expected property name or '}'$/],
  // V8 says no position for an unexpected token: the value's first character.
  ['set-json', 'w.x={"k":1,"j":}', 5, /^--set-json w\.x: not JSON: Unexpected token '}'$/],
  ['set-json', 'w.tolerations[0]={"key":"a', 27, /^--set-json w\.tolerations\[0\]: not JSON: Unterminated string$/],
  ['set-json', 'a={"__proto__":{"x":1}}', 3, /^--set-json a: the JSON value has the key `__proto__`/],
  ['set-json', 'a=[{"b":{"constructor":1}}]', 3, /^--set-json a: the JSON value has the key `constructor`/],
  ['set-json', 'a.__proto__.b=1', 1, /`__proto__` cannot be a key/],
  ['set-json', 'a[70000]=1', 1, /list index 70000 of `a` is above the limit of 65536/],
  ['set-string', 'a', 1, /expected path=value/],
  ['set-literal', '=x', 1, /expected path=value/],
];

describe('Helm value flags', () => {
  it.each(rows)('--%s %s', (kind, expr, want) => {
    const { layer, diagnostics } = parseSet(expr, 0, kind, FILES);
    expect(diagnostics).toEqual([]);
    expect(layer?.data).toEqual(want);
  });

  it.each(bad)('--%s %s is SET_SYNTAX at column %i', (kind, expr, col, why) => {
    const { layer, diagnostics } = parseSet(expr, 1, kind);
    expect(layer).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.col])).toEqual([['SET_SYNTAX', `--${kind}`, 2, col]]);
    expect(diagnostics[0]?.message).toMatch(why);
  });

  it('lists the files a --set-file names, once each, so the CLI reads only those', () => {
    expect(setFilePaths('a=x.txt,b={y.txt,x.txt},c\\.d=z.txt')).toEqual(['x.txt', 'y.txt', 'z.txt']);
  });

  it("applies the kinds in Helm's order, whatever order they were given in, numbering each kind apart", () => {
    const order = orderSets([
      { kind: 'set-string', expr: 's1' },
      'p1',
      { kind: 'set-json', expr: 'j1' },
      { kind: 'set', expr: 'p2' },
      { kind: 'set-literal', expr: 'l1' },
      { kind: 'set-file', expr: 'f1' },
    ]);
    expect(order.map((a) => `${a.kind}:${a.n}:${a.expr}`)).toEqual([
      'set-json:1:j1',
      'set:1:p1',
      'set:2:p2',
      'set-string:1:s1',
      'set-file:1:f1',
      'set-literal:1:l1',
    ]);
  });
});

describe('the value flags on the command line', () => {
  const files = { 'v.yaml': 'taskConfig: { app: a.js }\nworkers:\n  api:\n    tasks: [t]\n', 'cfg.txt': 'from a file' };

  it('says "string" with --set-string where --set types the value', async () => {
    const typed = await cli(['validate', '-f', 'v.yaml', '--set', 'workers.api.env[0].name=LEVEL,workers.api.env[0].value=8'], { files });
    expect(typed.code).toBe(1);
    expect(typed.stderr).toMatch(/^--set:1:\d+: error\[WRONG_TYPE\] `workers\.api\.env\.0\.value` must be string or null, not number `8`/);
    const str = await cli(
      ['render', '-f', 'v.yaml', '--set', 'workers.api.env[0].name=LEVEL', '--set-string', 'workers.api.env[0].value=8'],
      {
        files,
      },
    );
    expect(str.code, str.stderr).toBe(0);
    expect(str.stdout).toMatch(/- name: LEVEL\n {14}value: "8"\n/);
  });

  it('a later kind wins over an earlier one, as in Helm: --set-string beats --set, --set beats --set-json', async () => {
    const r = await cli(
      ['render', '-f', 'v.yaml', '--set-string', 'workers.api.priorityClassName=s', '--set', 'workers.api.priorityClassName=p'],
      { files },
    );
    expect(r.stdout).toMatch(/priorityClassName: s\n/);
    const j = await cli(['render', '-f', 'v.yaml', '--set', 'workers.api.replicas=2', '--set-json', 'workers.api.replicas=5'], { files });
    expect(j.stdout).toMatch(/replicas: 2\n/);
  });

  it('sets a list index inside the list the files gave, keeping its other items, as Helm does', async () => {
    const env = 'taskConfig: { app: a.js }\nworkers:\n  api:\n    tasks: [t]\n    env: [{ name: A, value: a }, { name: B, value: b }]\n';
    const r = await cli(['render', '-f', 'env.yaml', '--set-string', 'workers.api.env[1].value=9'], { files: { 'env.yaml': env } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/- name: A\n {14}value: a\n {12}- name: B\n {14}value: "9"\n/);
  });

  it('reads --set-file files, and names an unreadable one (exit 2)', async () => {
    const r = await cli(['render', '-f', 'v.yaml', '--set-file', 'workers.api.podAnnotations.note=cfg.txt'], { files });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/note: from a file\n/);
    const missing = await cli(['render', '-f', 'v.yaml', '--set-file', 'workers.api.podAnnotations.note=nope.txt'], { files });
    expect(missing).toEqual({ code: 2, stdout: '', stderr: "tb-gen: cannot read --set-file 'nope.txt': no such file\n" });
  });
});

const helms = findHelms().slice(0, 1);
const dir = mkdtempSync(join(tmpdir(), 'tb-set-helm-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the same rows through the real Helm', () => {
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: v\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 'values.yaml'), 'values: {{ toJson .Values | quote }}\n');
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);

  it('has a Helm to ask (make helm builds it)', () => expect(helms.map((h) => h.label)).toHaveLength(1));

  it.each(rows)('--%s %s', async (kind, expr) => {
    const r = await helm(helms[0]!, ['template', 'x', '.', `--${kind}`, expr], dir);
    expect(r.ok, r.stderr).toBe(true);
    const printed = JSON.parse(/values: (".*")/.exec(r.stdout)?.[1] ?? '""') as string;
    const { layer } = parseSet(expr, 0, kind, FILES);
    expect(JSON.parse(printed)).toEqual(JSON.parse(JSON.stringify(layer?.data)));
  });
});

describe('the real chart and tb-gen agree on value flags that index into a file list', () => {
  it('renders the same env with --set-string env[1].value and --set-json env[2]', async () => {
    const values = join(dir, 'env.yaml');
    writeFileSync(
      values,
      'taskConfig: { app: a.js }\nworkers:\n  api:\n    tasks: [t]\n    env: [{ name: A, value: a }, { name: B, value: b }]\n',
    );
    const flags = ['--set-string', 'workers.api.env[1].value=9', '--set-json', 'workers.api.env[2]={"name":"C","value":"c"}'];
    const h = await helm(helms[0]!, ['template', 'task-worker', CHART, '-f', values, ...flags]);
    expect(h.ok, h.stderr).toBe(true);
    const t = await cli(['render', '-f', values, ...flags], { cwd: dir });
    expect(t.code, t.stderr).toBe(0);
    const envOf = (text: string) =>
      (parseObjects(text).find((o: any) => o.kind === 'Deployment') as any).spec.template.spec.containers[0].env.slice(-3);
    expect(envOf(t.stdout)).toEqual([
      { name: 'A', value: 'a' },
      { name: 'B', value: '9' },
      { name: 'C', value: 'c' },
    ]);
    expect(envOf(h.stdout)).toEqual(envOf(t.stdout));
  });
});
