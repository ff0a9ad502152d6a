// `tb-gen rules`: the PrometheusRule's groups as a plain Prometheus rule file, for a Prometheus
// without the Operator (rule_files:). A command of its own, not `render --format`: render's
// --format already picks the diagnostics format, and a rule file is one document, not objects.
import type { Command } from 'commander';
import { hasErrors } from '../values/diagnostics.js';
import { ruleGroups } from '../render/prometheusrule.js';
import { toYaml } from '../render/serialize.js';
import { addValuesOptions, EXIT, report, runPipeline, type ValuesOpts } from './common.js';
import type { Io } from './io.js';

/** Add `tb-gen rules`; exit 1 on invalid values or when no worker exports the series the rules read. */
export function registerRulesCommand(program: Command, io: Io, onExit: (code: number) => void): void {
  const cmd = program
    .command('rules')
    .description(
      'print the alert and recording rules per worker as a plain Prometheus rule file (what monitoring.rules renders as a PrometheusRule)',
    );
  addValuesOptions(cmd, { namespace: false })
    .option('--namespace <ns>', 'the workers\' namespace: every selector then matches namespace="<ns>" (as the PrometheusRule\'s do)')
    .action((o: ValuesOpts) => onExit(rulesCmd(io, o)));
}

function rulesCmd(io: Io, o: ValuesOpts): number {
  const result = runPipeline(io, o);
  report(io, result.diagnostics);
  if (hasErrors(result.diagnostics) || !result.plan) return EXIT.invalid;
  const groups = ruleGroups(result.plan);
  if (groups.length === 0) {
    io.stderr('tb-gen rules: no enabled worker runs task-backend-worker with a pod, so none exports the series the rules read\n');
    return EXIT.invalid;
  }
  io.stdout(toYaml({ groups }));
  return EXIT.ok;
}
