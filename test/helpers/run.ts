// Drive the pipeline and the CLI in process: generate() for data, runProgram() with a fake Io.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { bundledChart, runGit, UsageError, type Io } from '../../src/cli/io.js';
import { runProgram } from '../../src/cli/program.js';
import type { Diagnostic } from '../../src/values/diagnostics.js';
import { generate, type GenerateResult, type Source } from '../../src/generate.js';
import { toYaml, toYamlStream } from '../../src/render/serialize.js';

export const chart = bundledChart();

export interface GenOptions {
  profiles?: Source[];
  sets?: string[];
  release?: string;
  namespace?: string;
  /** Leave out APP_LAYER (for the rows about a missing app). */
  noApp?: boolean;
}

/**
 * The bullmq backend needs taskConfig.app (MISSING_APP). Rows about other things get it from this
 * file, given first, as a team's base values file would; the rows' own files may still override it.
 */
export const APP_LAYER: Source = { name: 'app.yaml', text: 'taskConfig:\n  app: dist/app.js\n' };

/** Run the whole pipeline on in-memory sources, with the bundled chart's defaults below them. */
export function gen(values: Source[] | string, o: GenOptions = {}): GenerateResult {
  const given = typeof values === 'string' ? [{ name: 'values.yaml', text: values }] : values;
  const sources = o.noApp ? given : [APP_LAYER, ...given];
  return generate({
    chart: chart.meta,
    chartValues: chart.values,
    values: sources,
    release: o.release ?? 'task-worker',
    ...(o.profiles ? { profiles: o.profiles } : {}),
    ...(o.sets ? { sets: o.sets } : {}),
    ...(o.namespace ? { namespace: o.namespace } : {}),
  });
}

/** The -o files of a result, as the CLI names and serializes them; throws when nothing rendered. */
export function outFiles(r: GenerateResult): Array<{ file: string; content: string }> {
  if (!r.objects) throw new Error(`nothing rendered:\n${describe(r.diagnostics)}`);
  return r.objects.map((o) => ({ file: o.file, content: toYaml(o.object) }));
}

/** The stdout stream of a result (what `render` without -o prints). */
export const stream = (r: GenerateResult): string => toYamlStream((r.objects ?? []).map((o) => o.object));

/** Diagnostics as short lines, for readable assertion failures. */
export const describe = (ds: readonly Diagnostic[]): string =>
  ds.map((d) => `${d.file}:${d.line}:${d.col} ${d.severity}[${d.code}] ${d.message}`).join('\n');

export const codes = (ds: readonly Diagnostic[]): string[] => ds.map((d) => d.code);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run tb-gen in process. `files` are served by a fake file system (relative to nothing); with
 * `cwd` instead, files are read from disk relative to it. `stdin` feeds `-f -`.
 */
export async function cli(
  argv: string[],
  opts: { files?: Record<string, string>; cwd?: string; stdin?: string; env?: Record<string, string>; appended?: Map<string, string> } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  let stdinReads = 0;
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readFile: (p) => {
      if (opts.cwd !== undefined) return readFileSync(resolve(opts.cwd, p), 'utf8');
      const text = opts.files?.[p];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return text;
    },
    readStdin: () => {
      if (opts.stdin === undefined) throw new Error('test gave no stdin');
      if (stdinReads++) throw new Error('stdin read twice');
      return opts.stdin;
    },
    cwd: opts.cwd ?? '/nonexistent-test-cwd',
    env: opts.env ?? {},
    appendFile: (p, t) => opts.appended?.set(p, (opts.appended.get(p) ?? '') + t),
    git: (args) => (opts.cwd !== undefined ? runGit(args, opts.cwd) : fail(new UsageError('git: no repository in this test'))),
  };
  const code = await runProgram(io, argv);
  return { code, stdout, stderr };
}

const fail = (e: Error): never => {
  throw e;
};
