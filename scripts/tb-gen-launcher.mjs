#!/usr/bin/env node
// tb-gen's bin (copied to dist/bin/tb-gen.mjs by scripts/bundle.mjs). It runs the bundle
// dist/bin/tb-gen.cjs with the V8 code cache made at build time, so a run skips compiling the
// bundle (~10 ms of a ~110 ms start). V8 rejects a cache from another Node build and the bundle
// then compiles as usual: the cache changes speed, never behaviour.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const dir = dirname(fileURLToPath(import.meta.url));
const file = join(dir, 'tb-gen.cjs');
const cacheFile = join(dir, 'tb-gen.cache');
const source = `(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`;
const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
const script = new vm.Script(source, { filename: file, cachedData });
// The build runs one render with this set; the cache then holds every function that render used.
if (process.env.TB_GEN_WRITE_CODE_CACHE) process.once('exit', () => writeFileSync(cacheFile, script.createCachedData()));
const module = { exports: {} };
script.runInThisContext()(module.exports, createRequire(file), module, file, dir);
