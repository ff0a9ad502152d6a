// commander wiring only: flags -> generate() -> output. createProgram(io) is what tests drive.
import { Command, CommanderError, Option } from 'commander';
import { hasErrors, type Diagnostic } from '../values/diagnostics.js';
import { valuesSchema } from '../values/schema.js';
import { toYaml, toYamlStream } from '../render/serialize.js';
import { registerChartCommand } from './chart-cmd.js';
import { registerDiffCommand } from './diff-cmd.js';
import { registerExplainCommand } from './explain-cmd.js';
import { registerImportCommand } from './import-cmd.js';
import { registerReportCommand } from './report-cmd.js';
import { registerRulesCommand } from './rules-cmd.js';
import { addValuesOptions, EXIT, runPipeline, type ValuesOpts } from './common.js';
import { addFormatOptions, DIAGNOSTIC_FORMATS, emitDiagnostics, fails, fileMapper, sarifAnchor, type DiagnosticFormat } from './output.js';
import { visible, visibleLine } from '../contract/visible.js';
import { packageVersion, UsageError, type Io } from './io.js';
import { checkDir, generatedFile, writeDir } from './write.js';

interface FormatOpts {
  format: DiagnosticFormat;
  strict?: boolean;
}

interface RenderOpts extends ValuesOpts, FormatOpts {
  out?: string;
  check?: boolean;
}

const HELP_AFTER = `
Examples:
  tb-gen validate -f values.yaml                          every problem as file:line:col
  tb-gen validate -f values.yaml --format github          in GitHub Actions: annotations (also json, sarif)
  tb-gen render -f values.yaml                            the manifests on stdout
  tb-gen render -f base.yaml -f prod.yaml --set workers.api.replicas=8 -o manifests/
  tb-gen render -f values.yaml -o manifests/ --check      in CI: exit 1 when manifests/ is stale
  tb-gen render -f values.yaml --set-string workers.api.env[0].value=8
  tb-gen diff --base-ref origin/main -f values.yaml       what a change does (--format markdown: a PR comment)
  tb-gen explain api -f values.yaml                       each resolved value of worker api, and where it came from
  tb-gen report -f values.yaml --maxclients 10000         capacity, job slots, Redis connections at max scale
  tb-gen import celery workers.txt --image my/app:1.2     values from celery -A app worker -Q ... lines
  tb-gen rules -f values.yaml --namespace jobs > rules.yml the alerts as a plain Prometheus rule file

Exit codes:
  0  valid (warnings allowed), --check found nothing stale, diff found no change (or a change without --exit-code)
  1  invalid values (or warnings with --strict), --check found drift, a diff side is invalid,
     report exceeds --maxclients; nothing is written
  2  usage: an unknown option, an unreadable file, a bad --release or --namespace or git ref
  ${EXIT.changed}  diff --exit-code: something changes`;

/** The tb-gen program; run it with `runProgram` to get an exit code instead of process.exit. */
export function createProgram(io: Io, onExit: (code: number) => void, argv: readonly string[] = []): Command {
  const program = new Command('tb-gen')
    .description('Validate a workers: values file and render its Kubernetes manifests.')
    .version(packageVersion(), '-V, --version', 'print the tb-gen version')
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(visible(t)) })
    .showHelpAfterError('(run tb-gen --help for usage)')
    .addHelpText('after', HELP_AFTER)
    .exitOverride();

  addFormatOptions(
    addValuesOptions(program.command('validate').description('check the values and report every problem as file:line:col'), {
      namespace: true,
    }),
    DIAGNOSTIC_FORMATS,
    'diagnostics as text (stderr), or json, github (workflow commands) or sarif on stdout',
  ).action((o: ValuesOpts & FormatOpts) => onExit(validate(io, o)));

  addFormatOptions(
    addValuesOptions(
      program
        .command('render')
        .description(
          'render the release (per worker: Deployment, PDB, HPA or KEDA ScaledObject; ServiceAccount, TriggerAuthentication, PodMonitor) to stdout, or one file per object with -o',
        ),
      { namespace: true },
    ),
    DIAGNOSTIC_FORMATS,
    'diagnostics (always on stderr) as text, json, github (workflow commands) or sarif',
  )
    .option('-o, --out <dir>', 'write one file per object into <dir>, replacing it atomically')
    .addOption(new Option('--check', 'compare <dir> with what would be written; exit 1 on drift, write nothing'))
    .action((o: RenderOpts) => onExit(renderCmd(io, o, argv)));

  program
    .command('schema')
    .description('print the values JSON Schema (draft-07)')
    .action(() => {
      io.stdout(JSON.stringify(valuesSchema(), null, 2) + '\n');
      onExit(EXIT.ok);
    });
  registerDiffCommand(program, io, onExit);
  registerExplainCommand(program, io, onExit);
  registerReportCommand(program, io, onExit);
  registerImportCommand(program, io, onExit);
  registerRulesCommand(program, io, onExit);
  registerChartCommand(program, io, onExit);
  return program;
}

export { EXIT };

/** Parse argv and run; every outcome, including usage errors, is an exit code. */
export async function runProgram(io: Io, argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram(
    io,
    (c) => {
      code = c;
    },
    argv,
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UsageError) {
      io.stderr(`tb-gen: ${visible(e.message)}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

function validate(io: Io, o: ValuesOpts & FormatOpts): number {
  const result = runPipeline(io, o);
  const failed = fails(result.diagnostics, o.strict) || !result.plan;
  const workers = result.plan?.workers.length ?? 0;
  const objects = result.objects?.length ?? 0;
  if (o.format !== 'text') {
    const extra = { command: 'validate', valid: !failed, enabledWorkers: failed ? null : workers, objects: failed ? null : objects };
    const fileOf = fileMapper(io, inputFiles(o));
    emitDiagnostics(io, o.format, result.diagnostics, fileOf, 'stdout', extra, sarifAnchor(fileOf, o.values));
    return failed ? EXIT.invalid : EXIT.ok;
  }
  diagnose(io, o, result.diagnostics, failed);
  if (failed) return EXIT.invalid;
  io.stdout(`valid: ${plural(workers, 'enabled worker')}, ${plural(objects, 'object')}\n`);
  return EXIT.ok;
}

/** The -f and --profiles files a command read, as given. */
export const inputFiles = (o: ValuesOpts): string[] => [...(o.profiles ?? []), ...(o.values ?? [])];

// Diagnostics on stderr in the chosen format, and why a run with only warnings failed.
function diagnose(io: Io, o: ValuesOpts & FormatOpts, list: readonly Diagnostic[], failed: boolean): void {
  const fileOf = fileMapper(io, inputFiles(o));
  emitDiagnostics(io, o.format, list, fileOf, 'stderr', {}, sarifAnchor(fileOf, o.values));
  if (failed && list.length && !hasErrors(list)) io.stderr('--strict: warnings fail the run\n');
}

function renderCmd(io: Io, o: RenderOpts, argv: readonly string[]): number {
  if (o.check && !o.out) throw new UsageError('--check compares with a directory; give it with -o DIR');
  const result = runPipeline(io, o);
  const failed = fails(result.diagnostics, o.strict);
  diagnose(io, o, result.diagnostics, failed);
  if (!result.objects || failed) return EXIT.invalid;
  if (!o.out) {
    io.stdout(toYamlStream(result.objects.map((r) => r.object)));
    return EXIT.ok;
  }
  const files = result.objects.map((r) => generatedFile(r.file, toYaml(r.object)));
  if (!o.check) {
    writeDir(o.out, files);
    io.stderr(`wrote ${files.length} files to ${visibleLine(o.out)}\n`);
    return EXIT.ok;
  }
  const drift = checkDir(o.out, files);
  for (const line of drift) io.stderr(visibleLine(line) + '\n');
  const again = ['tb-gen', ...argv.filter((a) => a !== '--check')].map(shellWord).join(' ');
  io.stderr(
    visible(
      drift.length ? `${o.out} is stale: ${drift.length} file(s) differ; regenerate it with: ${again}\n` : `${o.out} is up to date\n`,
    ),
  );
  return drift.length ? EXIT.invalid : EXIT.ok;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
const shellWord = (w: string) => (/^[-\w.,/=:@+]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
