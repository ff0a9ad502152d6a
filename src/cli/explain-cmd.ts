// `tb-gen explain WORKER`: the worker's resolved values and where each one came from.
import type { Command } from 'commander';
import { didYouMean, hasErrors } from '../values/diagnostics.js';
import { mergeFiles } from '../values/merge.js';
import type { Values } from '../values/model.js';
import { JSON_VERSION } from '../review/diagnostics-json.js';
import { explain } from '../review/explain.js';
import { explainText } from '../review/explain-text.js';
import { addValuesOptions, EXIT, report, runPipeline, type ValuesOpts } from './common.js';
import { bundledChart, UsageError, type Io } from './io.js';
import { formatOption } from './output.js';
import { jsonText, visible } from '../contract/visible.js';

/** Codes that leave a file or flag unread: its workers are unknown, so no name can be refused. */
const UNREADABLE: ReadonlySet<string> = new Set(['YAML_SYNTAX', 'ALIAS_BOMB', 'MULTIPLE_DOCUMENTS', 'NOT_A_MAP', 'SET_SYNTAX']);

/** Add `tb-gen explain`; exit 1 when the values have errors (the explanation still prints). */
export function registerExplainCommand(program: Command, io: Io, onExit: (code: number) => void): void {
  const cmd = program
    .command('explain')
    .argument('<worker>', 'the worker to explain')
    .description("print a worker's resolved values and where each came from");
  addValuesOptions(cmd, { namespace: false })
    .addOption(formatOption(['text', 'json'], 'text or json'))
    .action((worker: string, o: ValuesOpts & { format: string }) => onExit(explainCmd(io, worker, o)));
}

function explainCmd(io: Io, worker: string, o: ValuesOpts & { format: string }): number {
  const result = runPipeline(io, o);
  report(io, result.diagnostics);
  const chart = bundledChart();
  const e = explain(result.layers ?? [], worker, chart.values.name, chart.meta);
  // A file or flag that could not be read may be the one naming the worker: invalid input (exit 1), not usage.
  if (!e && result.diagnostics.some((d) => UNREADABLE.has(d.code))) {
    io.stderr(`tb-gen: cannot explain worker '${worker}': fix the values that could not be read (above), then run explain again\n`);
    return EXIT.invalid;
  }
  if (!e) {
    const merged = mergeFiles((result.layers ?? []).map((l) => l.data)) as Values;
    const known = Object.keys(merged.workers ?? {}).sort();
    const hint = didYouMean(worker, known);
    throw new UsageError(
      `no worker '${worker}' in the values${hint ? `; ${hint}` : ''}${known.length ? ` (workers: ${known.join(', ')})` : ''}`,
    );
  }
  io.stdout(o.format === 'json' ? jsonText({ version: JSON_VERSION, ...e }) + '\n' : visible(explainText(e)));
  return hasErrors(result.diagnostics) ? EXIT.invalid : EXIT.ok;
}
