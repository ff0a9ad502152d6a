// The values schema document (schemas/values.schema.json) from the typed shape: the top-level keys,
// the worker spec and Kubernetes' definitions under `definitions`, and null admitted everywhere.
// scripts/values-schema.mjs writes it (`make schema`); test/values/schema.test.ts fails when it is stale.
import type { SchemaNode } from './build.js';
import { values } from './values.js';
import { workerSpec } from './worker.js';

/** The whole document; `k8sDefinitions` is schemas/k8s-definitions.json, read by the caller. */
export function valuesSchema(k8sDefinitions: Record<string, unknown>): SchemaNode {
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://task-backend.dev/schemas/values.schema.json',
    title: 'task-worker values',
    description: 'Values for tb-gen and the task-worker Helm chart: every background worker in one file.',
    type: 'object',
    additionalProperties: false,
    definitions: { workerSpec: workerSpec.schema, ...k8sDefinitions },
    properties: Object.fromEntries(Object.entries(values).map(([k, s]) => [k, s.schema])),
  };
  // A copy: admitNull writes into nodes that the shape's modules share.
  const copy = JSON.parse(JSON.stringify(schema)) as SchemaNode;
  admitNull(copy);
  return copy;
}

/** The document's text, as committed (two-space JSON and a final newline). */
export const valuesSchemaText = (k8sDefinitions: Record<string, unknown>): string =>
  JSON.stringify(valuesSchema(k8sDefinitions), null, 2) + '\n';

// Every property also admits null: in a values file null means "delete this key" (Helm's rule),
// and Helm validates its merged values, in which such a null can survive. tb-gen strips nulls
// before it validates a layer, so for tb-gen this changes nothing.
function admitNull(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(admitNull);
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') for (const prop of Object.values(value as SchemaNode)) nullable(prop as SchemaNode);
    if (key === 'additionalProperties' && typeof value === 'object') nullable(value as SchemaNode);
    admitNull(value);
  }
}

function nullable(prop: SchemaNode): void {
  if (prop.type) prop.type = [...new Set([...[prop.type].flat(), 'null'])];
  if (Array.isArray(prop.enum) && !prop.enum.includes(null)) prop.enum = [...(prop.enum as unknown[]), null];
}
