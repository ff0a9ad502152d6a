// test/invalid/<case>/values.yaml: invalid values files shared with the chart's tests (Helm must
// reject them too). Each must produce exactly the diagnostics its expected.json lists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';
import { cli, describe as show, gen } from './helpers/run.js';

const DIR = join(ROOT, 'test/invalid');
const cases = readdirSync(DIR).filter((d) => statSync(join(DIR, d)).isDirectory()).sort();

interface Expected { severity: 'error' | 'warning'; code: string; line: number; col: number }

describe.each(cases)('test/invalid/%s', (name) => {
  const text = readFileSync(join(DIR, name, 'values.yaml'), 'utf8');
  const expected = JSON.parse(readFileSync(join(DIR, name, 'expected.json'), 'utf8')) as Expected[];

  it('reports exactly the expected diagnostics, at their line and column', () => {
    const r = gen([{ name: 'values.yaml', text }]);
    const got = r.diagnostics.map((d) => ({ severity: d.severity, code: d.code, line: d.line, col: d.col }));
    expect(got, show(r.diagnostics)).toEqual(expected);
    expect(expected.some((d) => d.severity === 'error'), 'every case here is an error Helm must reject').toBe(true);
    expect(r.objects).toBeUndefined();
  });

  it('makes the CLI exit 1 with file:line:col diagnostics and no output', async () => {
    const r = await cli(['render', '-f', 'values.yaml'], { files: { 'values.yaml': text } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    for (const d of expected) expect(r.stderr).toContain(`values.yaml:${d.line}:${d.col}: ${d.severity}[${d.code}]`);
  });
});

describe('test/invalid', () => {
  it('holds the cases Helm can also reject, one per kind', () => {
    const codes = new Set(cases.flatMap((c) => (JSON.parse(readFileSync(join(DIR, c, 'expected.json'), 'utf8')) as Expected[]).map((d) => d.code)));
    expect([...codes].sort()).toEqual([
      'AUTOSCALING_MAX_REQUIRED', 'DUPLICATE_KEY', 'HPA_MIN_ABOVE_MAX', 'INVALID_ENUM', 'INVALID_NAME', 'INVALID_QUANTITY',
      'MIXED_RESOURCE_FORMS', 'NAME_TOO_LONG', 'OUT_OF_RANGE', 'REQUEST_ABOVE_LIMIT', 'TASK_INCLUDED_AND_EXCLUDED',
      'UNKNOWN_KEY', 'UNKNOWN_PROFILE', 'WORKER_SERVES_NOTHING', 'WRONG_TYPE',
    ]);
  });
});
