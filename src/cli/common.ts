// What every tb-gen command that reads values shares: its options, reading the sources,
// running the pipeline, and printing the diagnostics.
import type { Command } from 'commander';
import { formatDiagnostic, summarize, type Diagnostic } from '../values/diagnostics.js';
import { setFilePaths, type SetArg, type SetKind } from '../values/set.js';
import { generate, type GenerateResult } from '../generate.js';
import { DEFAULT_RELEASE, namespaceProblem, releaseNameProblem } from '../contract/names.js';
import type { Source } from '../values/load.js';
import { bundledChart, readSource, UsageError, type Io } from './io.js';

/** Every exit code: `changed` is diff --exit-code's, as `git diff --exit-code` says "differs" apart from "failed". */
export const EXIT = { ok: 0, invalid: 1, usage: 2, changed: 3 } as const;

/** The options addValuesOptions declares. */
export interface ValuesOpts {
  values?: string[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setFile?: string[];
  setLiteral?: string[];
  profiles?: string[];
  release: string;
  namespace?: string;
}

// No default list for repeatable options: commander would print "(default: [])" in --help.
const collect = (v: string, prev: string[] = []) => [...prev, v];

/** -f, --set, --profiles, --release (and --namespace where the output has namespaces). */
export function addValuesOptions(cmd: Command, opts: { namespace: boolean; variadic?: boolean }): Command {
  // `diff --values a.yaml b.yaml` mirrors `--base-values a.yaml b.yaml`; elsewhere -f takes one file.
  const files = opts.variadic ? '<file...>' : '<file>';
  cmd
    .option(`-f, --values ${files}`, 'values file; repeat to layer them, later files win (- reads stdin)', collect)
    .option('--set <path=value>', 'set a value, Helm style (a.b=c, list={x,y}); repeatable', collect)
    .option('--set-string <path=value>', 'as --set, but every value is a string (env values, labels)', collect)
    .option('--set-json <path=json>', 'as --set, but the value is JSON (a=[1,2], b={"k":"v"})', collect)
    .option('--set-file <path=file>', "as --set, but the value is the file's text", collect)
    .option('--set-literal <path=value>', 'as --set, but the value is taken as written, commas and all', collect)
    .option('--profiles <file>', 'worker profiles file (profiles: <name>: ...); repeatable', collect)
    .option(
      '--release <name>',
      'release name, as in helm install NAME; objects are <release>-task-worker-<worker>, or <release>-<worker> when the release contains "task-worker"',
      DEFAULT_RELEASE,
    );
  return opts.namespace
    ? cmd.option('--namespace <ns>', 'set metadata.namespace on every object (a DNS-1123 label); omitted, kubectl apply -n decides')
    : cmd;
}

/** The pipeline's result and the names of the inputs it read, lowest precedence first. */
export interface RunResult extends GenerateResult {
  inputs: string[];
}

/** Read the sources the options name and run the pipeline; usage mistakes throw UsageError. */
export function runPipeline(io: Io, opts: ValuesOpts): RunResult {
  if ((opts.values ?? []).filter((v) => v === '-').length > 1) throw new UsageError('-f - (stdin) may be given once');
  const read = (what: string) => (p: string) => readSource(io, p, what);
  return runOn(opts, setArgs(io, opts), {
    profiles: (opts.profiles ?? []).map(read('profiles file')),
    values: (opts.values ?? []).map(read('values file')),
  });
}

/** The pipeline on sources already read (a git ref's files for `diff`), with the options' --set flags and names. */
export function runOn(opts: ValuesOpts, sets: SetArg[], src: { profiles: Source[]; values: Source[] }): RunResult {
  const values = opts.values ?? [];
  if (values.length === 0 && sets.length === 0) throw new UsageError('no values given; pass -f values.yaml (or -f - for stdin)');
  if (values.filter((v) => v === '-').length > 1) throw new UsageError('-f - (stdin) may be given once');
  const problem = releaseNameProblem(opts.release) ?? (opts.namespace !== undefined ? namespaceProblem(opts.namespace) : undefined);
  if (problem) throw new UsageError(problem);
  const chart = bundledChart();
  const result = generate({
    chart: chart.meta,
    chartValues: chart.values,
    release: opts.release,
    sets,
    profiles: src.profiles,
    values: src.values,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
  });
  const inputs = [...src.profiles, ...src.values].map((s) => s.name).concat(sets.map((s) => `--${s.kind} ${s.expr}`));
  return { ...result, inputs };
}

const SET_FLAGS: ReadonlyArray<[SetKind, keyof ValuesOpts]> = [
  ['set', 'set'],
  ['set-string', 'setString'],
  ['set-json', 'setJson'],
  ['set-file', 'setFile'],
  ['set-literal', 'setLiteral'],
];

/** The value flags as data; --set-file's files are read here, the pipeline gets their text. */
export function setArgs(io: Io, opts: ValuesOpts): SetArg[] {
  return SET_FLAGS.flatMap(([kind, key]) =>
    ((opts[key] as string[] | undefined) ?? []).map((expr): SetArg => {
      if (kind !== 'set-file') return { kind, expr };
      const files = Object.fromEntries(setFilePaths(expr).map((p) => [p, readSource(io, p, '--set-file').text]));
      return { kind, expr, files };
    }),
  );
}

/** Diagnostics on stderr, then the count. */
export function report(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + '\n');
  if (diagnostics.length) io.stderr(summarize(diagnostics) + '\n');
}
