// The schema and its compiled validator, compiled once per process on first use.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { schemaPath } from '../paths.js';

let cached: ValidateFunction | undefined;

/** The JSON Schema document (schemas/values.schema.json). */
export const valuesSchema = (): Record<string, unknown> => JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;

/** A draft-07 ajv validator that reports every error, as Helm's draft-07 check would find them. */
export function schemaValidator(): ValidateFunction {
  cached ??= new Ajv({ allErrors: true, strict: true, strictTypes: false, allowUnionTypes: true }).compile(valuesSchema());
  return cached;
}
