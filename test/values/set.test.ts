// `--set` in Helm's strvals form: a table of expressions and the values layer each one makes.
import { describe, expect, it } from 'vitest';
import { parseSet } from '../../src/values/set.js';
import { cli } from '../helpers/run.js';

const ok: Array<[string, unknown]> = [
  ['a=b', { a: 'b' }],
  ['a.b.c=d', { a: { b: { c: 'd' } } }],
  ['a=1', { a: 1 }],
  ['a=-3', { a: -3 }],
  ['a=0', { a: 0 }],
  ['a=007', { a: '007' }],
  ['a=1.5', { a: '1.5' }],
  ['a=12345678901234567', { a: '12345678901234567' }],
  ['a=true', { a: true }],
  ['a=false', { a: false }],
  ['a=null', { a: null }],
  ['a=', { a: '' }],
  ['a={x,y}', { a: ['x', 'y'] }],
  ['a={1,true}', { a: [1, true] }],
  ['a={}', { a: [''] }],
  ['a=TRUE', { a: true }],
  ['a=Null', { a: null }],
  ['a=-05', { a: -5 }],
  ['a=+5', { a: 5 }],
  ['a=1,', { a: 1 }],
  ['a[0].b=x', { a: [{ b: 'x' }] }],
  ['a[0][1]=x', { a: [[null, 'x']] }],
  ['a[0]=x', { a: ['x'] }],
  ['a[1].b=x', { a: [null, { b: 'x' }] }],
  // Gaps before an index are null, as Helm fills them (strvals setIndex).
  ['a[2]=x', { a: [null, null, 'x'] }],
  ['a[1]=x,a[0]=y', { a: ['y', 'x'] }],
  ['a[0]=x,a[3]=y', { a: ['x', null, null, 'y'] }],
  ['a.b[1].c[1]=z', { a: { b: [null, { c: [null, 'z'] }] } }],
  ['a[0]=x,a.b=y', { a: { b: 'y' } }],
  ['a.b=y,a[0]=x', { a: ['x'] }],
  ['proto=1,construct=2', { proto: 1, construct: 2 }],
  ['a=1,b=2', { a: 1, b: 2 }],
  ['a.b=1,a.c=2', { a: { b: 1, c: 2 } }],
  ['a=1,a=2', { a: 2 }],
  ['a=x\\,y', { a: 'x,y' }],
  ['a\\.b=c', { 'a.b': 'c' }],
  ['nodeSelector.kubernetes\\.io/arch=arm64', { nodeSelector: { 'kubernetes.io/arch': 'arm64' } }],
  ['a=x=y', { a: 'x=y' }],
  ['a={x\\,y,z}', { a: ['x,y', 'z'] }],
];

const bad: Array<[string, number]> = [
  ['a', 1],
  ['=1', 1],
  ['a..b=1', 1],
  ['.a=1', 1],
  ['a=1,b', 5],
  ['a=1,,b=2', 5],
  ['a[x]=1', 1],
  ['a[0]b=1', 1],
  ['a={x,y', 1],
  ['a=1,b={x}y', 5],
  ['a[65537]=x', 1],
  ['a=1,b[100000000]=x', 5],
  ['a.b[99999999999999999999].c=1', 1],
  ['__proto__.polluted=1', 1],
  ['a.__proto__.polluted=1', 1],
  ['constructor.prototype.polluted=1', 1],
  ['a.prototype=1', 1],
  ['x[0].constructor=1', 1],
  ['a=1,\\_\\_proto\\_\\_.polluted=1', 5],
];

// Each refused expression, and what its message must say: the flag, the key and the limit or the reason.
const refused: Array<[string, RegExp]> = [
  ['a[65537]=x', /^--set a\[65537\]=x: list index 65537 of `a` is above the limit of 65536$/],
  ['w.env[100000000].value=x', /^--set w\.env\[100000000\]\.value=x: list index 100000000 of `w\.env` is above the limit of 65536$/],
  ['__proto__.polluted=1', /^--set __proto__\.polluted=1: `__proto__` cannot be a key: .*prototype/],
  ['a.b.constructor=1', /^--set a\.b\.constructor=1: `constructor` cannot be a key/],
  ['a.prototype=1', /^--set a\.prototype=1: `prototype` cannot be a key/],
];

describe('--set parser', () => {
  it.each(ok)('%s', (expr, want) => {
    const { layer, diagnostics } = parseSet(expr, 0);
    expect(diagnostics).toEqual([]);
    expect(layer?.data).toEqual(want);
  });

  it.each(bad)('%s is a SET_SYNTAX error at column %i', (expr, col) => {
    const { layer, diagnostics } = parseSet(expr, 2);
    expect(layer).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file, d.line, d.col])).toEqual([['SET_SYNTAX', '--set', 3, col]]);
    expect(diagnostics[0]?.hint).toMatch(/path\.to\.key=value/);
  });

  it.each(refused)('%s names the flag, the key and why', (expr, message) => {
    const { diagnostics } = parseSet(expr, 0);
    expect(diagnostics.map((d) => d.code)).toEqual(['SET_SYNTAX']);
    expect(diagnostics[0]?.message).toMatch(message);
  });

  it('allows index 65536, the limit, and fills the list up to it with null', () => {
    const a = (parseSet('a[65536]=x', 0).layer?.data as { a: unknown[] }).a;
    expect([a.length, a[0], a[65535], a[65536], a.includes(undefined)]).toEqual([65537, null, null, 'x', false]);
  });

  it('never reaches a prototype, whatever the path', () => {
    for (const expr of ['__proto__.polluted=1', 'a.__proto__.polluted=1', 'constructor.prototype.polluted=1', 'toString.x=1']) {
      parseSet(expr, 0);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
    expect(parseSet('toString.x=1', 0).layer?.data).toEqual({ toString: { x: 1 } });
  });

  it('starts an indexed list from the base list, filling past its end with null', () => {
    const { layer } = parseSet('a[3]=x', 0, 'set', {}, { a: ['k'] });
    expect(layer?.data).toEqual({ a: ['k', null, null, 'x'] });
    expect(parseSet('toString[1]=x', 0, 'set', {}, {}).layer?.data).toEqual({ toString: [null, 'x'] });
  });

  it('locates each assigned path at its assignment, and its parents too', () => {
    const { layer } = parseSet('workers.a.replicas=2,workers.b.concurrency=x', 4);
    expect(layer?.locate(['workers', 'b', 'concurrency'])).toEqual({ file: '--set', line: 5, col: 22 });
    expect(layer?.locate(['workers', 'a'])).toEqual({ file: '--set', line: 5, col: 1 });
    expect(layer?.locate(['workers', 'c'])).toBeUndefined();
  });
});

describe('refused --set flags on the command line', () => {
  const files = { 'v.yaml': 'taskConfig: { app: a.js }\nworkers:\n  api:\n    tasks: [t]\n' };
  it.each([
    [
      ['--set', 'workers.api.env[100000000].value=x'],
      /^--set:1:1: error\[SET_SYNTAX\] --set workers\.api\.env\[100000000\]\.value=x: list index 100000000 of `workers\.api\.env` is above the limit of 65536$/m,
    ],
    [['--set', '__proto__.polluted=1'], /^--set:1:1: error\[SET_SYNTAX\] --set __proto__\.polluted=1: `__proto__` cannot be a key/m],
    [['--set-string', 'workers.api.constructor.x=1'], /^--set-string:1:1: error\[SET_SYNTAX\] .*`constructor` cannot be a key/m],
    [
      ['--set-json', 'workers.api.podAnnotations={"__proto__":{"x":"1"}}'],
      /^--set-json:1:28: error\[SET_SYNTAX\] --set-json workers\.api\.podAnnotations: the JSON value has the key `__proto__`/m,
    ],
  ])('%j is exit 1 with a located diagnostic, no stack, no output', async (flags, message) => {
    const r = await cli(['render', '-f', 'v.yaml', ...flags], { files });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
