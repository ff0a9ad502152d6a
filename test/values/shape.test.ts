// The typed values shape (src/values/shape/): the builders emit the schema nodes the committed schema
// holds, and the types of src/values/model.ts are what the shape infers. The type assertions
// (expectTypeOf, @ts-expect-error) are checked by `tsc -p tsconfig.test.json` (make lint), not at run time.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Backend } from '../../src/contract/args.js';
import type { CelerySettings, Runtime } from '../../src/contract/celery.js';
import type { RedisForKeda, TaskConfig, Values, WorkerSpec } from '../../src/values/model.js';
import { choice, definition, int, list, obj, objWithRest, str, type Infer } from '../../src/values/shape/build.js';
import { valuesSchema } from '../../src/values/shape/document.js';
import { workerSpec } from '../../src/values/shape/worker.js';

describe('the values shape builders', () => {
  it('put keys in the order the committed schema has them (required after properties, minItems before items)', () => {
    const o = obj('An object.', { a: str('A.'), b: int('B.', 0, 9) }, ['a']);
    expect(JSON.stringify(o.schema)).toBe(
      '{"type":"object","description":"An object.","additionalProperties":false,"properties":{"a":{"type":"string","description":"A."},"b":{"type":"integer","description":"B.","minimum":0,"maximum":9}},"required":["a"]}',
    );
    const l = list('L.', str('S.'), { minItems: 1, uniqueItems: true });
    expect(Object.keys(l.schema)).toEqual(['type', 'description', 'minItems', 'items', 'uniqueItems']);
    expect(Object.keys(objWithRest('R.', { cpu: str('C.') }, str('X.')).schema)).toEqual([
      'type',
      'description',
      'additionalProperties',
      'properties',
    ]);
  });

  it('refers to a definition by name, and the document holds the shape under that name', () => {
    expect(definition('workerSpec', workerSpec).schema).toEqual({ $ref: '#/definitions/workerSpec' });
    const doc = valuesSchema({}) as { definitions: { workerSpec: { properties: Record<string, unknown> } } };
    expect(Object.keys(doc.definitions.workerSpec.properties)).toEqual(Object.keys(workerSpec.schema.properties ?? {}));
  });

  it('infers required keys as present, the others optional, enums as unions', () => {
    const o = obj('O.', { a: str('A.'), mode: choice('M.', ['x', 'y']) }, ['a']);
    expectTypeOf<Infer<typeof o>>().toEqualTypeOf<{ a: string; mode?: 'x' | 'y' }>();
    expect(o.schema.required).toEqual(['a']);
  });
});

describe('the types of src/values/model.ts, inferred from the shape', () => {
  it('match the contract where the contract has its own type (celery settings: mutually assignable)', () => {
    expectTypeOf<NonNullable<WorkerSpec['celery']>>().toEqualTypeOf<CelerySettings>();
    expectTypeOf<WorkerSpec['runtime']>().toEqualTypeOf<Runtime | undefined>();
    expectTypeOf<TaskConfig['backend_type']>().toEqualTypeOf<Backend | undefined>();
    expectTypeOf<RedisForKeda['mode']>().toEqualTypeOf<'standalone' | 'cluster' | 'sentinel' | undefined>();
    expect(Object.keys(workerSpec.schema.properties ?? {})).toContain('celery');
  });

  it('refuse what the schema refuses: an unknown key, a missing required key, a value off the enum', () => {
    const ok: Values = { workers: { a: { replicas: 1, image: { pullPolicy: 'Never' } } }, tasks: { t: { queue: 'q' } } };
    // @ts-expect-error - replcas is no worker key
    const typo: Values = { workers: { a: { replcas: 1 } } };
    // @ts-expect-error - a task's queue is required
    const noQueue: Values = { tasks: { t: {} } };
    // @ts-expect-error - not a pull policy
    const policy: Values = { image: { pullPolicy: 'Sometimes' } };
    expect([ok, typo, noQueue, policy].length).toBe(4);
  });
});
