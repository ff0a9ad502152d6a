// Writes schemas/values.schema.json from the typed values shape (src/values/shape/, compiled here
// from its source) and schemas/k8s-definitions.json. Run: make schema (or `node scripts/values-schema.mjs`;
// --check exits 1 when the committed file is stale). test/values/schema.test.ts fails when it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadTs } from './load-ts.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${ROOT}schemas/values.schema.json`;

const { valuesSchemaText } = await loadTs('src/values/shape/document.ts');
const text = valuesSchemaText(JSON.parse(readFileSync(`${ROOT}schemas/k8s-definitions.json`, 'utf8')));
if (!process.argv.includes('--check')) writeFileSync(OUT, text);
else if (readFileSync(OUT, 'utf8') !== text) {
  console.error('schemas/values.schema.json is stale; run make schema');
  process.exitCode = 1;
}
