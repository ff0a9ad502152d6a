// commander wiring only: flags -> generate() -> output. createProgram(io) is what tests drive.
import { Command, CommanderError, Option } from 'commander';
import { formatDiagnostic, hasErrors, summarize, type Diagnostic } from '../config/diagnostics.js';
import { valuesSchema } from '../config/schema.js';
import { generate, type GenerateResult } from '../generate.js';
import { releaseNameProblem } from '../render/names.js';
import { toYaml, toYamlStream } from '../render/serialize.js';
import { registerChartCommand } from './chart-cmd.js';
import { bundledChart, readSource, UsageError, type Io } from './io.js';
import { checkDir, writeDir } from './write.js';

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;

interface CommonOpts { values: string[]; set: string[]; profiles: string[]; release: string; namespace?: string }
interface RenderOpts extends CommonOpts { out?: string; check?: boolean }

const collect = (v: string, prev: string[]) => [...prev, v];

function addCommon(cmd: Command): Command {
  return cmd
    .option('-f, --values <file>', 'values file; repeat to layer them, later files win (- reads stdin)', collect, [])
    .option('--set <path=value>', 'set a value, Helm style (a.b=c, list={x,y}); repeatable', collect, [])
    .option('--profiles <file>', 'worker profiles file (profiles: <name>: ...); repeatable', collect, [])
    .option('--release <name>', 'release name; objects are named <release>-<worker>', 'task-worker')
    .option('--namespace <ns>', 'set metadata.namespace on every object');
}

/** The tb-gen program; run it with `runProgram` to get an exit code instead of process.exit. */
export function createProgram(io: Io, onExit: (code: number) => void): Command {
  const program = new Command('tb-gen')
    .description('Validate a workers: values file and render its Kubernetes manifests.')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run tb-gen --help for usage)')
    .exitOverride();

  addCommon(program.command('validate').description('check the values and report every problem as file:line:col'))
    .action((o: CommonOpts) => onExit(validate(io, o)));

  addCommon(program.command('render').description('render per-worker Deployments and HPAs to stdout, or one file per object with -o'))
    .option('-o, --out <dir>', 'write one file per object into <dir>, replacing it atomically')
    .addOption(new Option('--check', 'compare <dir> with what would be written; exit 1 on drift, write nothing'))
    .action((o: RenderOpts) => onExit(renderCmd(io, o)));

  program.command('schema').description('print the values JSON Schema (draft-07)')
    .action(() => { io.stdout(JSON.stringify(valuesSchema(), null, 2) + '\n'); onExit(EXIT.ok); });
  registerChartCommand(program, io, onExit);
  return program;
}

/** Parse argv and run; every outcome, including usage errors, is an exit code. */
export async function runProgram(io: Io, argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = createProgram(io, (c) => { code = c; });
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (e instanceof UsageError) {
      io.stderr(`tb-gen: ${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
}

function run(io: Io, o: CommonOpts): GenerateResult {
  if (o.values.length === 0 && o.set.length === 0) throw new UsageError('no values given; pass -f values.yaml (or -f - for stdin)');
  if (o.values.filter((v) => v === '-').length > 1) throw new UsageError('-f - (stdin) may be given once');
  const problem = releaseNameProblem(o.release);
  if (problem) throw new UsageError(problem);
  const chart = bundledChart();
  return generate({
    chart: chart.meta, chartValues: chart.values, release: o.release, sets: o.set,
    profiles: o.profiles.map((p) => readSource(io, p, 'profiles file')),
    values: o.values.map((v) => readSource(io, v)),
    ...(o.namespace ? { namespace: o.namespace } : {}),
  });
}

function report(io: Io, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(formatDiagnostic(d) + '\n');
  if (diagnostics.length) io.stderr(summarize(diagnostics) + '\n');
}

function validate(io: Io, o: CommonOpts): number {
  const result = run(io, o);
  report(io, result.diagnostics);
  if (hasErrors(result.diagnostics) || !result.plan) return EXIT.invalid;
  const n = result.plan.workers.length;
  io.stdout(`valid: ${plural(n, 'enabled worker')}, ${plural(result.objects?.length ?? 0, 'object')}\n`);
  return EXIT.ok;
}

function renderCmd(io: Io, o: RenderOpts): number {
  if (o.check && !o.out) throw new UsageError('--check compares with a directory; give it with -o DIR');
  const result = run(io, o);
  report(io, result.diagnostics);
  if (!result.objects) return EXIT.invalid;
  if (!o.out) {
    io.stdout(toYamlStream(result.objects.map((r) => r.object)));
    return EXIT.ok;
  }
  const files = result.objects.map((r) => ({ name: r.file, content: toYaml(r.object) }));
  if (!o.check) {
    writeDir(o.out, files);
    io.stderr(`wrote ${files.length} files to ${o.out}\n`);
    return EXIT.ok;
  }
  const drift = checkDir(o.out, files);
  for (const line of drift) io.stderr(line + '\n');
  io.stderr(drift.length ? `${o.out} is stale: ${drift.length} file(s) differ; run tb-gen render -o ${o.out}\n` : `${o.out} is up to date\n`);
  return drift.length ? EXIT.invalid : EXIT.ok;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
