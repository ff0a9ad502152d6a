// `--set` in Helm's strvals form: a table of expressions and the values layer each one makes.
import { describe, expect, it } from 'vitest';
import { parseSet } from '../src/config/set.js';

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
  ['a[0][1]=x', { a: [[undefined, 'x']] }],
  ['a[0]=x', { a: ['x'] }],
  ['a[1].b=x', { a: [undefined, { b: 'x' }] }],
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

  it('locates each assigned path at its assignment, and its parents too', () => {
    const { layer } = parseSet('workers.a.replicas=2,workers.b.concurrency=x', 4);
    expect(layer?.locate(['workers', 'b', 'concurrency'])).toEqual({ file: '--set', line: 5, col: 22 });
    expect(layer?.locate(['workers', 'a'])).toEqual({ file: '--set', line: 5, col: 1 });
    expect(layer?.locate(['workers', 'c'])).toBeUndefined();
  });
});
