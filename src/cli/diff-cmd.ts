// `tb-gen diff`: the same values files at a git ref (or a second set of files) against the working
// tree, both through the whole pipeline, printed for a terminal, a pull-request comment or a tool.
import { isAbsolute, relative } from 'node:path';
import type { Command } from 'commander';
import type { Source } from '../values/load.js';
import { diff, type DiffReport } from '../review/diff.js';
import { diffMarkdown } from '../review/diff-markdown.js';
import { diffText } from '../review/diff-text.js';
import { githubCommands } from '../review/github.js';
import { addValuesOptions, EXIT, runOn, setArgs, type RunResult, type ValuesOpts } from './common.js';
import { readSource, sized, UsageError, type Io } from './io.js';
import { appendStepSummary, emitDiagnostics, fails, fileMapper, formatOption, sarifAnchor } from './output.js';
import { jsonText, visible } from '../contract/visible.js';

interface DiffOpts extends ValuesOpts {
  baseRef?: string;
  headRef?: string;
  baseValues?: string[];
  baseProfiles?: string[];
  format: (typeof DIFF_FORMATS)[number];
  strict?: boolean;
  exitCode?: boolean;
}

const DIFF_FORMATS = ['text', 'markdown', 'json', 'github', 'sarif'] as const;

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Add `tb-gen diff`. */
export function registerDiffCommand(program: Command, io: Io, onExit: (code: number) => void): void {
  const cmd = program
    .command('diff')
    .description('compare the values at a git ref (or other files) with these: workers, capacity, routing, objects');
  addValuesOptions(cmd, { namespace: true, variadic: true })
    .option('--base-ref <ref>', 'the base side: the same -f and --profiles files as they are at this git ref')
    .option('--head-ref <ref>', 'read the head side at this git ref too (default: the working tree)')
    .option('--base-values <file...>', 'the base side: these values files instead (-f gives the head side)', collect)
    .option('--base-profiles <file...>', 'profiles files of --base-values, only with it (default: the same --profiles)', collect)
    .addOption(formatOption(DIFF_FORMATS, 'text, markdown (a PR comment), json, github, sarif'))
    .option('--strict', 'warnings make a side invalid too (exit 1)')
    .option('--exit-code', `exit ${EXIT.changed} when anything changes (0 means no change)`)
    .action((o: DiffOpts) => onExit(diffCmd(io, o)));
}

function diffCmd(io: Io, o: DiffOpts): number {
  if (o.baseProfiles && !o.baseValues)
    throw new UsageError(
      '--base-profiles goes with --base-values: with --base-ref the base side reads the same --profiles files at the ref; give the base values files with --base-values FILE..., or drop --base-profiles',
    );
  if (!o.baseRef === !o.baseValues) throw new UsageError('diff needs one base: --base-ref REF, or --base-values FILE...');
  if (o.headRef && !o.baseRef) throw new UsageError('--head-ref goes with --base-ref');
  const sets = setArgs(io, o);
  const head = runOn(o, sets, sources(io, o.profiles ?? [], o.values ?? [], o.headRef));
  const baseOpts = o.baseValues ? { ...o, values: o.baseValues, profiles: o.baseProfiles ?? o.profiles ?? [] } : o;
  const base = runOn(baseOpts, sets, sources(io, baseOpts.profiles ?? [], baseOpts.values ?? [], o.baseRef));
  const fail = (d: Parameters<typeof fails>[0]) => fails(d, o.strict);
  const report = diff({ label: o.baseRef ?? 'base values', result: base }, { label: o.headRef ?? 'working tree', result: head }, fail);
  print(io, o, report, head, base);
  if (!report.base.valid || !report.head.valid) return EXIT.invalid;
  return report.changed && o.exitCode ? EXIT.changed : EXIT.ok;
}

function print(io: Io, o: DiffOpts, r: DiffReport, head: RunResult, base: RunResult): void {
  if (o.format === 'text') io.stdout(visible(diffText(r)));
  else if (o.format === 'markdown') io.stdout(visible(diffMarkdown(r)));
  else if (o.format === 'json') io.stdout(jsonText(r) + '\n');
  else if (o.format === 'sarif') {
    const fileOf = o.headRef ? () => undefined : fileMapper(io, [...(o.profiles ?? []), ...(o.values ?? [])]);
    // At --head-ref the files are not the checked-out tree's, but their paths still name them.
    const anchor = sarifAnchor(fileMapper(io, o.values ?? []), o.values);
    // The same log validate prints (its rules' help at the package's homepage too).
    emitDiagnostics(io, 'sarif', head.diagnostics, fileOf, 'stdout', {}, anchor);
  } else {
    // Annotations point into the checked-out tree: the head side's files.
    const fileOf = o.headRef ? () => undefined : fileMapper(io, [...(o.profiles ?? []), ...(o.values ?? [])]);
    // The base side's problems are the base branch's: annotated only when they stop the comparison.
    const list = r.base.valid ? head.diagnostics : [...head.diagnostics, ...base.diagnostics];
    for (const line of githubCommands(list, fileOf)) io.stdout(line + '\n');
    const n = r.workers.filter((w) => w.status !== 'unchanged').length;
    const what =
      !r.base.valid || !r.head.valid
        ? 'a side is invalid'
        : r.changed
          ? `${n} worker(s) change; the step summary has the diff`
          : 'no change';
    io.stdout(`::notice title=tb-gen diff::${what}\n`);
    appendStepSummary(io, diffMarkdown(r));
  }
}

// A side's files: from the working tree, or as they are at a git ref (a file the ref lacks reads as empty).
function sources(io: Io, profiles: string[], values: string[], ref: string | undefined): { profiles: Source[]; values: Source[] } {
  const read = (what: string) => (p: string) => (ref === undefined ? readSource(io, p, what) : atRef(io, ref, p));
  return { profiles: profiles.map(read('profiles file')), values: values.map(read('values file')) };
}

function atRef(io: Io, ref: string, path: string): Source {
  if (path === '-') throw new UsageError('-f - (stdin) has no version at a git ref; give the file instead');
  if (!io.git) throw new UsageError('--base-ref needs git');
  const name = `${ref}:${path}`;
  try {
    io.git(['rev-parse', '--verify', `${ref}^{commit}`]);
  } catch {
    throw new UsageError(`--base-ref/--head-ref: '${ref}' names no commit in this git repository`);
  }
  // git reads `REF:./p` relative to the current directory; an absolute path, relative to the top.
  const top = isAbsolute(path) ? io.git(['rev-parse', '--show-toplevel']).trim() : '';
  const spec = `${ref}:${isAbsolute(path) ? relative(top, path) : `./${path}`}`;
  try {
    io.git(['cat-file', '-e', spec]);
  } catch {
    io.stderr(`tb-gen: ${path} does not exist at ${ref}; its base side is empty\n`);
    return { name, text: '' };
  }
  return sized({ name, text: io.git(['show', spec]) });
}
