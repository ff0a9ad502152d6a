// Table rows of invalid input: marked sources in, the diagnostics they must produce out.
import { expect } from 'vitest';
import type { Diagnostic } from '../../src/values/diagnostics.js';
import type { GenerateResult, Source } from '../../src/generate.js';
import { dedent, unmark, type Mark } from './marks.js';
import { describe as show, gen } from './run.js';

/** One expected diagnostic; its file:line:col comes from a `»` mark, in sorted order. */
export interface Want {
  severity: Diagnostic['severity'];
  code: string;
  hint?: RegExp;
}
export const E = (code: string, hint?: RegExp): Want => ({ severity: 'error', code, ...(hint ? { hint } : {}) });
export const W = (code: string, hint?: RegExp): Want => ({ severity: 'warning', code, ...(hint ? { hint } : {}) });

export interface Row {
  kind: string;
  /** Marked YAML of values.yaml, or of several -f files in order. */
  values?: string | Record<string, string>;
  /** Marked YAML of --profiles files. */
  profiles?: Record<string, string>;
  /** Marked --set expressions; a mark's line is the --set's position (1-based). */
  sets?: string[];
  release?: string;
  /** Leave out the base file that names the task app (for rows about MISSING_APP). */
  noApp?: boolean;
  /** Why Helm accepts this row although tb-gen rejects it (the Helm test asserts it still does). */
  helmAccepts?: string;
  want: Want[];
}

/** A row's sources without their marks, as the files a user would pass. */
export interface RowSources {
  values: Source[];
  profiles: Source[];
  sets: string[];
}

/** Run a row through generate() and return the result with the positions its marks expect. */
export function runRow(row: Row): { result: GenerateResult; marks: Mark[]; sources: RowSources } {
  const marks: Mark[] = [];
  const take = (file: string, text: string, line = 1) => {
    const u = unmark(file, text, line);
    marks.push(...u.marks);
    return u.text;
  };
  const files = typeof row.values === 'string' ? { 'values.yaml': row.values } : (row.values ?? {});
  const values = Object.entries(files).map(([name, t]) => ({ name, text: take(name, dedent(t)) }));
  const profiles = Object.entries(row.profiles ?? {}).map(([name, t]) => ({ name, text: take(name, dedent(t)) }));
  const sets = (row.sets ?? []).map((s, i) => take('--set', s, i + 1));
  const result = gen(values, { profiles, sets, ...(row.release ? { release: row.release } : {}), ...(row.noApp ? { noApp: true } : {}) });
  marks.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col);
  return { result, marks, sources: { values, profiles, sets } };
}

/** Assert exactly the wanted diagnostics, each at its mark, with its hint; objects only when no error. */
export function expectRow(row: Row): GenerateResult {
  const { result, marks } = runRow(row);
  expect(marks.length, `${row.kind}: one mark per wanted diagnostic`).toBe(row.want.length);
  const got = result.diagnostics.map((d) => ({ file: d.file, line: d.line, col: d.col, severity: d.severity, code: d.code }));
  const want = row.want.map((w, i) => ({ ...marks[i]!, severity: w.severity, code: w.code }));
  expect(got, show(result.diagnostics)).toEqual(want);
  row.want.forEach((w, i) => {
    if (w.hint) expect(result.diagnostics[i]!.hint, `hint of ${w.code}`).toMatch(w.hint);
  });
  for (const d of result.diagnostics) expect(d.message.length).toBeGreaterThan(10);
  const errors = row.want.some((w) => w.severity === 'error');
  expect(result.objects === undefined, 'objects are rendered exactly when there is no error').toBe(errors);
  return result;
}
