// Loads a TypeScript module of src/ straight from its source (bundled by esbuild in memory), so the
// scripts that generate committed files from src/ never read the build's output under dist/.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The module's exports; `entry` is relative to the repository root (src/values/shape/document.ts). */
export async function loadTs(entry) {
  const out = await build({
    entryPoints: [`${ROOT}${entry}`],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
