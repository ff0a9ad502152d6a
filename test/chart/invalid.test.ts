// Every row of the invalid-input table (test/invalid/), rendered by `helm template` with every
// installed Helm major: a row tb-gen rejects, Helm rejects too, and where the chart's own checks
// catch it, with tb-gen's code and tb-gen's message text. Rows that only warn render in Helm.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRow } from '../helpers/expect-diagnostics.js';
import { INVALID_ROWS, rowInputs } from '../invalid/index.js';
import { CHART, findHelms, helm } from './helm.js';

const HELMS = findHelms();
const scratch = mkdtempSync(join(tmpdir(), 'tb-helm-invalid-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Codes JSON Schema reports; Helm validates the merged values against the same schema first. */
const SCHEMA_CODES = [
  'UNKNOWN_KEY',
  'INVALID_QUANTITY',
  'INVALID_NAME',
  'INVALID_VALUE',
  'WRONG_TYPE',
  'INVALID_ENUM',
  'MISSING_KEY',
  'OUT_OF_RANGE',
  'DUPLICATE_ITEM',
];
/** What neither can read: Helm stops at reading the file or the --set. */
const READ_CODES: Record<string, RegExp> = {
  YAML_SYNTAX: /failed to parse/,
  NOT_A_MAP: /failed to parse/,
  ALIAS_BOMB: /failed to parse|excessive aliasing/,
  SET_SYNTAX: /failed parsing --set data/,
};
/** Mistakes Helm cannot see, because its YAML reader hides them before any template runs. */
const ONLY_TB_GEN: Record<string, string> = {
  POD_SECURITY_VIOLATION: "the API server's PodSecurity admission refuses such pods at install; Helm renders them",
  DUPLICATE_KEY: "Helm's YAML reader silently keeps the last of two equal keys",
  MULTIPLE_DOCUMENTS: 'Helm reads the first document of a values file and ignores the rest',
};

let n = 0;
/** helm template's argv for a row, its files written into a directory of their own. */
function helmArgs(row: (typeof INVALID_ROWS)[number]): { args: string[]; cwd: string } {
  const inputs = rowInputs(row);
  const cwd = join(scratch, String(n++));
  mkdirSync(cwd);
  for (const [name, text] of Object.entries(inputs.files)) writeFileSync(join(cwd, name), text);
  const args = [
    'template',
    inputs.release ?? 'task-worker',
    CHART,
    ...[...inputs.profiles, ...inputs.values].flatMap((f) => ['-f', f]),
    ...inputs.sets.flatMap((s) => ['--set', s]),
  ];
  return { args, cwd };
}

it('finds a Helm to prove agreement with (make helm, or HELM=/path/to/helm)', () => {
  expect(HELMS.map((h) => h.label)).not.toEqual([]);
});

describe.concurrent.each(INVALID_ROWS.map((r) => [r.kind, r] as const))('%s', (_kind, row) => {
  const errors = runRow(row).result.diagnostics.filter((d) => d.severity === 'error');
  const codes = [...new Set(errors.map((d) => d.code))];

  it.for(HELMS)('$label renders it exactly when tb-gen does, and fails as tb-gen does', async (h, { expect }) => {
    const { args, cwd } = helmArgs(row);
    const out = await helm(h, args, cwd);
    if (codes.every((c) => ONLY_TB_GEN[c]) || row.helmAccepts) {
      expect(out.ok, `Helm renders this (${row.helmAccepts ?? 'tb-gen only warns'}); if Helm now rejects it, update the row`).toBe(true);
      return;
    }
    expect(out.ok, `helm template accepted what tb-gen rejects with ${codes.join(', ')}`).toBe(false);
    const read = codes.find((c) => READ_CODES[c]);
    if (read) return expect(out.stderr).toMatch(READ_CODES[read] as RegExp);
    if (codes.some((c) => SCHEMA_CODES.includes(c)))
      return expect(out.stderr).toMatch(/values don't meet the specifications of the schema/);
    // The chart's check: tb-gen's code, the key, and the very message tb-gen prints.
    const m = /error\[([A-Z_]+)\] ((?:workers|defaults|taskConfig)\.[^:]+): (.*)$/m.exec(out.stderr);
    expect(m, out.stderr).not.toBeNull();
    const [, code, , message] = m as RegExpExecArray;
    expect(codes).toContain(code);
    expect(errors.filter((d) => d.code === code).map((d) => d.message)).toContain(message);
  });
});
