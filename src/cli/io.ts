// The CLI's window on the world; tests pass their own, main() passes the process's.
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { ChartMeta } from '../values/model.js';
import type { Source } from '../values/load.js';
import { chartDir, packageRoot } from '../values/paths.js';
import { bytes, MAX_FILE_BYTES } from '../contract/limits.js';
import { visibleLine } from '../contract/visible.js';
import { readBounded } from './read.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Text of a file, relative to cwd; throws UsageError when it cannot be read. */
  readFile(path: string): string;
  readStdin(): string;
  /** The directory relative paths are read from (default: the process's). */
  cwd?: string;
  /** The environment ($GITHUB_STEP_SUMMARY); none when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Append to a file ($GITHUB_STEP_SUMMARY). */
  appendFile?(path: string, text: string): void;
  /** Run git in cwd and return its stdout; throws UsageError with git's own message. */
  git?(args: readonly string[]): string;
}

/** A mistake in how the command was called: exit code 2. */
export class UsageError extends Error {}

/** The real process: sync reads keep the pipeline simple and the start fast. */
export const processIo = (): Io => ({
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  readFile: (p) => readBounded(p),
  readStdin: () => readBounded(0),
  cwd: process.cwd(),
  env: process.env,
  appendFile: (p, t) => appendFileSync(p, t),
  git: runGit,
});

/** git in the current directory; a failure is the user's (a bad ref, not a repository): UsageError. */
export function runGit(args: readonly string[], cwd?: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; code?: string; message: string };
    if (err.code === 'ENOENT') throw new UsageError('git is not installed (needed for --base-ref)');
    throw new UsageError(`git ${args.join(' ')}: ${(err.stderr ?? err.message).trim()}`);
  }
}

/** Read a values (or profiles) source; `-` is stdin (once). */
export function readSource(io: Io, path: string, what = 'values file'): Source {
  try {
    return sized({ name: path === '-' ? '<stdin>' : path, text: path === '-' ? io.readStdin() : io.readFile(path) }, what);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'ETOOLARGE'
            ? tooLarge
            : (code ?? (e instanceof Error ? e.message : String(e)));
    throw new UsageError(`cannot read ${what} '${visibleLine(path)}': ${why}`);
  }
}

const tooLarge = `it is larger than ${bytes(MAX_FILE_BYTES)} (Helm's limit for one chart file); split it into several -f files`;

/** A source no larger than MAX_FILE_BYTES (a git ref's file is read whole by git, so it is checked here too). */
export function sized(src: Source, what = 'values file'): Source {
  if (Buffer.byteLength(src.text, 'utf8') > MAX_FILE_BYTES)
    throw new UsageError(`cannot read ${what} '${visibleLine(src.name)}': ${tooLarge}`);
  return src;
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

const packageJson = (): { version: string; homepage?: string } =>
  JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string; homepage?: string };

/** The package's version, for --version. */
export const packageVersion = (): string => packageJson().version;

/** The package's homepage (its README), when package.json names one: SARIF's rule help links. */
export const packageHomepage = (): string | undefined => packageJson().homepage;
