// Bundles tb-gen into one minified file (dist/bin/tb-gen.mjs): resolving and compiling ~150 module
// files was most of its start-up time. bullmq is not reachable from this entry and stays out.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/bin/tb-gen.mjs',
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  legalComments: 'none',
  external: ['ajv', 'bullmq', 'ioredis'],
  logLevel: 'warning',
  // commander and yaml are CommonJS and require() node built-ins; give the ESM bundle a require.
  banner: { js: "import { createRequire as __tbCreateRequire } from 'node:module'; const require = __tbCreateRequire(import.meta.url);" },
});
// Minify the precompiled validator too; it is loaded on every run.
const validator = 'dist/validator/values.cjs';
const out = await build({ entryPoints: [validator], write: false, minify: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'warning' });
writeFileSync(validator, out.outputFiles[0].text);
const bundle = readFileSync('dist/bin/tb-gen.mjs', 'utf8');
if (/from ?["']bullmq["']|require\(["']bullmq["']\)/.test(bundle)) throw new Error('bullmq leaked into tb-gen');
