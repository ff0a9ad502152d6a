// schemas/values.schema.json: draft-07, closed objects, every property described, and the brief's
// files accepted verbatim (anchors included).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../src/values/load.js';
import { schemaValidator } from '../../src/values/schema.js';
import { valuesSchemaText } from '../../src/values/shape/document.js';
import * as K8S from '../../src/values/shape/k8s.js';
import { validateLayer } from '../../src/values/validate.js';
// @ts-expect-error - a plain .mjs script without type declarations
import { definitionsText } from '../../scripts/k8s-definitions.mjs';
import { EXAMPLES, ROOT } from '../helpers/fixtures.js';
import { describe as show } from '../helpers/run.js';

type Schema = Record<string, any>;
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas/values.schema.json'), 'utf8')) as Schema;

/** Every subschema with its JSON pointer, following properties, items, maps and definitions. */
function subschemas(s: Schema, at = '#'): Array<[string, Schema]> {
  const out: Array<[string, Schema]> = [[at, s]];
  const kids: Array<[string, unknown]> = [
    ...Object.entries(s.properties ?? {}).map(([k, v]) => [`${at}/properties/${k}`, v] as [string, unknown]),
    ...Object.entries(s.definitions ?? {}).map(([k, v]) => [`${at}/definitions/${k}`, v] as [string, unknown]),
    [`${at}/items`, s.items],
    [`${at}/additionalProperties`, s.additionalProperties],
    [`${at}/propertyNames`, s.propertyNames],
  ];
  for (const [p, v] of kids) if (v && typeof v === 'object') out.push(...subschemas(v, p));
  return out;
}

const resolve = (s: Schema): Schema => {
  if (!s.$ref) return s;
  const path = (s.$ref as string).replace(/^#\//, '').split('/');
  return path.reduce<Schema>((node, key) => node[key], schema);
};

const validate = (name: string, text: string) => {
  const { layer, diagnostics } = loadYaml({ name, text });
  if (!layer) throw new Error(show(diagnostics));
  return [...diagnostics, ...validateLayer(layer)];
};

describe('the values schema', () => {
  const all = subschemas(schema);

  it(
    "holds Kubernetes' definitions as scripts/k8s-definitions.mjs extracts them from the pinned OpenAPI document",
    { timeout: 60_000 },
    () => {
      expect(readFileSync(join(ROOT, 'schemas/k8s-definitions.json'), 'utf8')).toBe((definitionsText as (k: typeof K8S) => string)(K8S));
    },
  );

  it('is what the typed values shape (src/values/shape/) makes of src/contract: make schema writes it', () => {
    const defs = JSON.parse(readFileSync(join(ROOT, 'schemas/k8s-definitions.json'), 'utf8')) as Record<string, unknown>;
    expect(readFileSync(join(ROOT, 'schemas/values.schema.json'), 'utf8')).toBe(valuesSchemaText(defs));
  });

  it("is draft-07 and compiles in ajv's strict draft-07 mode", () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(() => new Ajv({ strict: true, allErrors: true, allowUnionTypes: true }).compile(schema)).not.toThrow();
    expect(all.length).toBeGreaterThan(50);
  });

  it('closes every object it defines (additionalProperties false, or a schema for the other keys, wherever there are properties)', () => {
    const open = all
      .filter(([, s]) => s.properties && (s.additionalProperties === undefined || s.additionalProperties === true))
      .map(([p]) => p);
    expect(open).toEqual([]);
  });

  it("describes every property (through $ref); Kubernetes' definitions are documented by Kubernetes", () => {
    const bare = all
      .filter(([p]) => !p.startsWith('#/definitions/io.k8s.'))
      .flatMap(([p, s]) =>
        Object.entries<Schema>(s.properties ?? {})
          .filter(([, prop]) => typeof resolve(prop).description !== 'string' || resolve(prop).description.length < 8)
          .map(([k]) => `${p}/properties/${k}`),
      );
    expect(bare).toEqual([]);
  });

  it('bounds every integer and constrains every worker/profile name', () => {
    const unbounded = all.filter(([, s]) => s.type === 'integer' && (s.minimum === undefined || s.maximum === undefined)).map(([p]) => p);
    expect(unbounded).toEqual([]);
    for (const key of ['workers', 'profiles']) expect(schema.properties[key].propertyNames.pattern).toBe('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$');
  });

  it("accepts the brief's values file verbatim, anchors included", () => {
    const text = readFileSync(join(EXAMPLES, 'values.yaml'), 'utf8');
    expect(text).toMatch(/&taskConfig/);
    expect(validate('values.yaml', text)).toEqual([]);
  });

  it("accepts the brief's worker-profiles.yaml, alone and inline under profiles:", () => {
    const profiles = readFileSync(join(EXAMPLES, 'worker-profiles.yaml'), 'utf8');
    expect(validate('worker-profiles.yaml', profiles)).toEqual([]);
    const both = `${readFileSync(join(EXAMPLES, 'values.yaml'), 'utf8')}\n${profiles}`;
    expect(validate('combined.yaml', both)).toEqual([]);
  });

  it("accepts the chart's own default values", () => {
    expect(validate('chart/values.yaml', readFileSync(join(ROOT, 'chart/values.yaml'), 'utf8'))).toEqual([]);
  });

  it('is the schema the validator in use checks (precompiled or not)', () => {
    const fresh = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, strictTypes: false }).compile(schema);
    const samples = [
      {},
      { workers: { a: { replcas: 1 } } },
      { workers: { A: {} } },
      { defaults: { resources: { memory: '2GB' } } },
      { taskConfig: { backend_type: 'bulmq' } },
      { workers: { a: { autoscaling: { enabled: true, maxReplicas: 3 } } } },
    ];
    for (const s of samples) expect(schemaValidator()(s), JSON.stringify(s)).toBe(fresh(s));
  });
});
