// `tb-gen report`: capacity at minimum and maximum scale, and Redis connections against maxclients.
import { InvalidArgumentError, type Command } from 'commander';
import { hasErrors } from '../values/diagnostics.js';
import { capacityReport } from '../review/report.js';
import { reportMarkdown, reportText } from '../review/report-format.js';
import { addValuesOptions, EXIT, report, runPipeline, type ValuesOpts } from './common.js';
import type { Io } from './io.js';
import { formatOption } from './output.js';
import { jsonText, visible } from '../contract/visible.js';

interface ReportOpts extends ValuesOpts {
  format: 'text' | 'markdown' | 'json';
  maxclients?: number;
}

const positive = (v: string): number => {
  if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('a positive integer (Redis CONFIG GET maxclients)');
  return Number(v);
};

/** Add `tb-gen report`; exit 1 on invalid values, or when the connections at maximum scale exceed --maxclients. */
export function registerReportCommand(program: Command, io: Io, onExit: (code: number) => void): void {
  const cmd = program
    .command('report')
    .description('capacity per worker and in total at min and max replicas, and Redis connections at max scale');
  addValuesOptions(cmd, { namespace: false })
    .addOption(formatOption(['text', 'markdown', 'json'], 'text, markdown or json'))
    .option('--maxclients <n>', "the Redis server's maxclients, to compare the connections with (exit 1 when exceeded)", positive)
    .action((o: ReportOpts) => onExit(reportCmd(io, o)));
}

function reportCmd(io: Io, o: ReportOpts): number {
  const result = runPipeline(io, o);
  report(io, result.diagnostics);
  if (hasErrors(result.diagnostics) || !result.plan || !result.objects) return EXIT.invalid;
  const r = capacityReport(result.plan, result.objects, o.maxclients);
  io.stdout(o.format === 'json' ? jsonText(r) + '\n' : visible(o.format === 'markdown' ? reportMarkdown(r) : reportText(r)));
  return r.maxclients?.exceeded ? EXIT.invalid : EXIT.ok;
}
