// Kubernetes quantities: the parser that compares requests with limits, and its agreement with
// the schema's pattern (what the schema admits, the parser can compare, and nothing else).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../src/plan/quantity.js';
import { valuesSchema } from '../../src/values/schema.js';

const rows: Array<[string | number, number | undefined]> = [
  ['500m', 0.5],
  ['1', 1],
  ['2', 2],
  [2, 2],
  [0, 0],
  ['0.5', 0.5],
  ['.5', 0.5],
  ['1.', 1],
  ['100u', 1e-4],
  ['5n', 5e-9],
  ['1k', 1e3],
  ['1M', 1e6],
  ['1G', 1e9],
  ['1T', 1e12],
  ['1P', 1e15],
  ['1E', 1e18],
  ['1Ki', 1024],
  ['512Mi', 512 * 2 ** 20],
  ['1Gi', 2 ** 30],
  ['1.5Gi', 1.5 * 2 ** 30],
  ['1Ti', 2 ** 40],
  ['1Ei', 2 ** 60],
  ['1e3', 1000],
  ['1E3', 1000],
  ['1e-3', 0.001],
  ['2e+2', 200],
  ['2GB', undefined],
  ['1 Gi', undefined],
  ['1gi', undefined],
  ['1K', undefined],
  ['1mi', undefined],
  ['-1', undefined],
  [-1, undefined],
  ['', undefined],
  ['Gi', undefined],
  ['1e', undefined],
  ['0x10', undefined],
  ['1,5', undefined],
  ['one', undefined],
];

const QUANTITY = new RegExp((valuesSchema().definitions as any).workerSpec.properties.resources.properties.cpu.pattern as string);

describe('parseQuantity', () => {
  it.each(rows)('%s -> %s', (q, want) => {
    const got = parseQuantity(q);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(want, 12);
  });

  it('orders 1Gi above 1000Mi above 1G, and 1 above 999m', () => {
    const v = (q: string) => parseQuantity(q) as number;
    expect(v('1Gi')).toBeGreaterThan(v('1000Mi'));
    expect(v('1000Mi')).toBeGreaterThan(v('1G'));
    expect(v('1')).toBeGreaterThan(v('999m'));
  });

  it('accepts exactly the strings the schema pattern admits', () => {
    const quantityish = fc.stringMatching(/^[0-9.]{0,4}([eE][-+]?[0-9]{0,2})?([KMGTPEkmnuiB ]{0,2})$/);
    fc.assert(
      fc.property(fc.oneof(quantityish, fc.string({ maxLength: 6 })), (s) => {
        expect(parseQuantity(s) !== undefined).toBe(QUANTITY.test(s));
      }),
      { numRuns: 500 },
    );
  });
});
