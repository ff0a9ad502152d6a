// Bundles tb-gen into one minified CommonJS file (dist/bin/tb-gen.cjs) started by a small launcher
// (dist/bin/tb-gen.mjs) with a V8 code cache: resolving ~150 module files, then compiling them,
// were most of its start-up time. bullmq is not reachable from this entry and stays out.
import { execFileSync } from 'node:child_process';
import { copyFileSync, chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/src/cli/main.js'],
  outfile: 'dist/bin/tb-gen.cjs',
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  legalComments: 'none',
  external: ['ajv', 'bullmq', 'ioredis'],
  logLevel: 'warning',
  // The sources are ESM and find the package's files from import.meta.url.
  define: { 'import.meta.url': '__tbModuleUrl' },
  banner: { js: "const __tbModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The launcher wraps the bundle in a function, where a shebang line would be a syntax error.
const bundle = readFileSync('dist/bin/tb-gen.cjs', 'utf8').replace(/^#!.*\n/, '');
if (/require\(["']bullmq["']\)/.test(bundle)) throw new Error('bullmq leaked into tb-gen');
writeFileSync('dist/bin/tb-gen.cjs', bundle);
copyFileSync('scripts/tb-gen-launcher.mjs', 'dist/bin/tb-gen.mjs');
chmodSync('dist/bin/tb-gen.mjs', 0o755);

// Minify the precompiled validator too; it is loaded on every run.
const validator = 'dist/validator/values.cjs';
const out = await build({
  entryPoints: [validator],
  write: false,
  minify: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
writeFileSync(validator, out.outputFiles[0].text);

// The code cache: one render of the bundled example, then V8's compiled code saved beside it.
rmSync('dist/bin/tb-gen.cache', { force: true });
execFileSync(process.execPath, ['dist/bin/tb-gen.mjs', 'render', '-f', 'examples/values.yaml'], {
  env: { ...process.env, TB_GEN_WRITE_CODE_CACHE: '1' },
  stdio: ['ignore', 'ignore', 'ignore'],
});
