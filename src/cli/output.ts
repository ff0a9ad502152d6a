// How diagnostics leave the CLI: --format text|json|github|sarif, --strict, and the files a
// format refers to (repository-relative paths for annotations and SARIF).
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { Option, type Command } from 'commander';
import { formatDiagnostic, hasErrors, summarize, type Diagnostic } from '../values/diagnostics.js';
import { diagnosticsJson, JSON_VERSION } from '../review/diagnostics-json.js';
import { githubCommands, stepSummary, type FileOf } from '../review/github.js';
import { toSarif } from '../review/sarif.js';
import { jsonText, visibleLine } from '../contract/visible.js';
import { packageHomepage, packageVersion, UsageError, type Io } from './io.js';

export const DIAGNOSTIC_FORMATS = ['text', 'json', 'github', 'sarif'] as const;
export type DiagnosticFormat = (typeof DIAGNOSTIC_FORMATS)[number];

/** `--format` with the given choices, `text` by default: the one definition every command uses. */
export const formatOption = (formats: readonly string[], what: string): Option =>
  new Option('--format <format>', what).choices(formats).default('text');

/** --format (with the given choices) and --strict. */
export function addFormatOptions(cmd: Command, formats: readonly string[], what: string): Command {
  return cmd.addOption(formatOption(formats, what)).option('--strict', 'warnings fail the run too (exit 1)');
}

/** Does this run fail: an error, or with --strict a warning too. */
export const fails = (list: readonly Diagnostic[], strict: boolean | undefined): boolean =>
  hasErrors(list) || (strict === true && list.length > 0);

/** Where each input file is relative to the repository root (git's top level, else cwd); others are no file. */
export function fileMapper(io: Io, files: readonly string[]): FileOf {
  const cwd = io.cwd ?? process.cwd();
  let root: string | undefined;
  // Asked once, and only when a format needs a path: the text format never starts git.
  const top = (): string => {
    if (root !== undefined) return root;
    try {
      root = io.git?.(['rev-parse', '--show-toplevel']).trim() || cwd;
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      root = cwd;
    }
    return root;
  };
  const known = new Set(files.filter((f) => f !== '-'));
  return (name) => {
    if (!known.has(name)) return undefined;
    const rel = relative(top(), isAbsolute(name) ? name : resolve(cwd, name));
    return rel.split(sep).join('/');
  };
}

/** Where SARIF anchors a result in no file: the first -f file that is in the repository (not stdin). */
export const sarifAnchor = (fileOf: FileOf, values: readonly string[] | undefined): string | undefined =>
  (values ?? []).filter((v) => v !== '-').map((v) => fileOf(v))[0];

/** Print diagnostics in the chosen format on `stream` (text always goes to stderr). */
export function emitDiagnostics(
  io: Io,
  format: DiagnosticFormat,
  list: readonly Diagnostic[],
  fileOf: FileOf,
  stream: 'stdout' | 'stderr',
  extra: Record<string, unknown> = {},
  anchor?: string,
): void {
  const out = (t: string) => (stream === 'stdout' ? io.stdout(t) : io.stderr(t));
  if (format === 'text') {
    for (const d of list) io.stderr(formatDiagnostic(d) + '\n');
    if (list.length) io.stderr(summarize(list) + '\n');
  } else if (format === 'json') {
    out(jsonText({ version: JSON_VERSION, ...extra, ...diagnosticsJson(list) }) + '\n');
  } else if (format === 'sarif') {
    const homepage = packageHomepage();
    const tool = { version: packageVersion(), ...(homepage ? { docsUrl: homepage } : {}) };
    out(jsonText(toSarif(list, fileOf, tool, anchor)) + '\n');
  } else {
    for (const line of githubCommands(list, fileOf)) out(line + '\n');
    appendStepSummary(io, stepSummary(list, 'tb-gen'));
  }
}

/** Append Markdown to $GITHUB_STEP_SUMMARY when the runner set it. */
export function appendStepSummary(io: Io, markdown: string): void {
  const file = io.env?.GITHUB_STEP_SUMMARY;
  if (!file || !io.appendFile) return;
  try {
    io.appendFile(file, markdown + '\n');
  } catch (e) {
    // The annotations and the log are complete without it: say so, and keep the run's exit code.
    const why = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    io.stderr(
      `tb-gen: warning: cannot append to $GITHUB_STEP_SUMMARY (${visibleLine(file)}): ${visibleLine(why)}; the summary is left out\n`,
    );
  }
}
