// Every values file tb-gen rejects, `helm template` rejects too, with every installed Helm major:
// the schema (chart/values.schema.json) catches what ajv catches, and the chart's `fail` checks
// catch the rest with tb-gen's own error code. The only exceptions are listed in ONLY_TB_GEN.
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';
import { CHART, findHelms, helm, invalidFiles } from './helm.js';

const HELMS = findHelms();

/** Codes the chart's templates check (chart/templates/_checks.tpl, _merge.tpl, _routing.tpl). */
const CHART_CHECKS = [
  'NAME_TOO_LONG', 'MIXED_RESOURCE_FORMS', 'REQUEST_ABOVE_LIMIT', 'AUTOSCALING_MAX_REQUIRED', 'HPA_MIN_ABOVE_MAX',
  'TASK_INCLUDED_AND_EXCLUDED', 'QUEUE_INCLUDED_AND_EXCLUDED', 'WORKER_SERVES_NOTHING', 'UNKNOWN_PROFILE', 'QUEUE_SHARED_WITH_REFUSED_TASK',
];

/** Codes JSON Schema reports; Helm validates values against the same schema before rendering. */
const SCHEMA_CODES = ['UNKNOWN_KEY', 'INVALID_QUANTITY', 'INVALID_NAME', 'INVALID_VALUE', 'WRONG_TYPE', 'INVALID_ENUM', 'MISSING_KEY', 'OUT_OF_RANGE', 'DUPLICATE_ITEM'];

/** Files neither can read; Helm stops at "failed to parse <file>". */
const YAML_CODES = ['YAML_SYNTAX', 'ALIAS_BOMB', 'NOT_A_MAP'];

/** Mistakes Helm cannot see, because its YAML reader hides them before any template runs. */
const ONLY_TB_GEN: Record<string, string> = {
  DUPLICATE_KEY: "Helm's YAML reader silently keeps the last of two equal keys",
  MULTIPLE_DOCUMENTS: 'Helm reads the first document of a values file and ignores the rest',
};

const errorCodes = (stderr: string) => [...new Set([...stderr.matchAll(/: error\[([A-Z_]+)\]/g)].map((m) => m[1] as string))];

it('knows every code it meets', async () => {
  const known = new Set([...CHART_CHECKS, ...SCHEMA_CODES, ...YAML_CODES, ...Object.keys(ONLY_TB_GEN)]);
  for (const file of invalidFiles()) {
    const tb = await cli(['validate', '-f', file], { cwd: ROOT });
    expect(errorCodes(tb.stderr).filter((c) => !known.has(c)), file).toEqual([]);
  }
});

describe.concurrent.each(invalidFiles())('%s', (file) => {
  it.for(HELMS)('$label template rejects it as tb-gen does', async (h, { expect }) => {
    const tb = await cli(['render', '-f', file], { cwd: ROOT });
    expect(tb.code, 'tb-gen must reject an invalid fixture').toBe(1);
    const codes = errorCodes(tb.stderr);
    const out = await helm(h, ['template', 'task-worker', CHART, '-f', file]);
    if (codes.every((c) => ONLY_TB_GEN[c])) {
      expect(out.ok, `Helm now rejects ${codes.join(', ')}: remove it from ONLY_TB_GEN`).toBe(true);
      return;
    }
    expect(out.ok, `helm template accepted a file tb-gen rejects with ${codes.join(', ')}`).toBe(false);
    // Helm reads the file, validates the schema, and only then runs templates (to the first `fail`).
    if (codes.some((c) => YAML_CODES.includes(c))) expect(out.stderr).toMatch(/failed to parse/);
    else if (codes.some((c) => SCHEMA_CODES.includes(c))) expect(out.stderr).toMatch(/values don't meet the specifications of the schema/);
    else expect(out.stderr).toMatch(new RegExp(`error\\[(${codes.join('|')})\\] (workers|defaults)\\.`));
  });
});
