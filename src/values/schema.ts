// The schema and its validator: the precompiled one when it matches the schema, else compiled here.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { packageRoot, schemaPath } from './paths.js';
import { AJV_OPTIONS } from './ajv-options.js';

const require = createRequire(import.meta.url);
let cached: ValidateFunction | undefined;

/** The JSON Schema document (schemas/values.schema.json). */
export const valuesSchema = (): Record<string, unknown> => JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;

/** A draft-07 validator reporting every error, as Helm's draft-07 check would find them. */
export function schemaValidator(): ValidateFunction {
  cached ??= precompiled() ?? compile();
  return cached;
}

// Built by scripts/build-validator.mjs; used only when built from the schema as it is now.
function precompiled(): ValidateFunction | undefined {
  const file = join(packageRoot(), 'dist', 'validator', 'values.cjs');
  if (!existsSync(file)) return undefined;
  const mod = require(file) as { default: ValidateFunction; schemaSha256: string };
  const hash = createHash('sha256').update(readFileSync(schemaPath())).digest('hex');
  return mod.schemaSha256 === hash ? mod.default : undefined;
}

function compile(): ValidateFunction {
  const { Ajv } = require('ajv') as typeof import('ajv');
  return new Ajv({ ...AJV_OPTIONS }).compile(valuesSchema());
}
