// The CLI's window on the world; tests pass their own, main() passes the process's.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ChartMeta } from '../config/model.js';
import type { Source } from '../config/load.js';
import { chartDir, packageRoot } from '../config/paths.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Text of a file, relative to cwd; throws UsageError when it cannot be read. */
  readFile(path: string): string;
  readStdin(): string;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}

/** The real process: sync reads keep the pipeline simple and the start fast. */
export const processIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readFileSync(p, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
});

/** Read a values (or profiles) source; `-` is stdin (once). */
export function readSource(io: Io, path: string, what = 'values file'): Source {
  if (path === '-') return { name: '<stdin>', text: io.readStdin() };
  try {
    return { name: path, text: io.readFile(path) };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (code ?? String(e));
    throw new UsageError(`cannot read ${what} '${path}': ${why}`);
  }
}

/** The bundled chart's identity and default values, the lowest layer of every render. */
export function bundledChart(dir = chartDir()): { meta: ChartMeta; values: Source } {
  const meta = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as ChartMeta;
  const text = readFileSync(join(dir, 'values.yaml'), 'utf8');
  return {
    meta: { name: meta.name, version: String(meta.version), appVersion: String(meta.appVersion) },
    values: { name: 'chart/values.yaml', text },
  };
}

/** The package's version, for --version. */
export const packageVersion = (): string =>
  (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
