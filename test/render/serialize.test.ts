// serialize.ts lays out block YAML itself and asks the yaml library only for scalars. These
// properties hold it to the library: the same bytes as yaml.stringify with the pinned options,
// and, for multi-line strings (written JSON-quoted instead of as block scalars), the same data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { toYaml, toYamlStream, YAML_OPTIONS } from '../../src/render/serialize.js';

// Strings YAML readers trip on: 1.1 booleans, numbers, nulls, indicators, quotes, unicode.
const tricky = fc.constantFrom(
  'yes',
  'No',
  'on',
  'OFF',
  'y',
  'n',
  '~',
  'null',
  '1',
  '0x1F',
  '1e3',
  '.5',
  '-',
  '- a',
  ': x',
  'a: b',
  '#c',
  'a #c',
  '"q"',
  "'q'",
  '[x]',
  '{x}',
  '*a',
  '&a',
  '!t',
  '%p',
  '@x',
  '`x`',
  '',
  ' lead',
  'trail ',
  'é',
  '1:2',
  '2026-11-27',
  '0777',
);
const oneLine = fc.oneof(
  tricky,
  fc.string().filter((s) => !/[\n\r]/.test(s)),
);
// -0 is left out: YAML has no negative zero, and reads "-0" back as 0.
const scalar = fc.oneof(
  oneLine,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)),
  fc.boolean(),
  fc.constant(null),
);

const tree = (leaf: fc.Arbitrary<unknown>) =>
  fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(oneLine, tie('node'), { maxKeys: 4 }),
  })).map;

describe('toYaml', () => {
  it('writes exactly what yaml.stringify writes with the pinned options', () => {
    fc.assert(
      fc.property(tree(scalar), (o) => {
        expect(toYaml(o)).toBe(stringify(o, YAML_OPTIONS));
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('reads back as the same data, multi-line strings included', () => {
    const withNewlines = fc.oneof(
      scalar,
      fc.string().map((s) => `${s}\n${s}`),
    );
    fc.assert(
      fc.property(tree(withNewlines), (o) => {
        expect(parse(toYaml(o), { version: '1.1' })).toEqual(o);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });

  it('opens every document of a stream with ---', () => {
    expect(toYamlStream([{ a: 1 }, { b: [] }])).toBe('---\na: 1\n---\nb: []\n');
  });
});
