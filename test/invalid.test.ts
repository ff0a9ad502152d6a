// Every row of the invalid-input table (test/invalid/): exactly its diagnostics, at its marks, with
// its hints, through generate(); and through the CLI, exit 1 with each of them on stderr and
// nothing on stdout (exit 0 for rows that only warn).
import { describe, expect, it } from 'vitest';
import { CODES } from '../src/contract/codes.js';
import { expectRow } from './helpers/expect-diagnostics.js';
import { cli } from './helpers/run.js';
import { INVALID_ROWS, rowCommand } from './invalid/index.js';

describe('the invalid-input table', () => {
  it('has one row per kind of mistake, and every diagnostic code in some row', () => {
    expect(new Set(INVALID_ROWS.map((r) => r.kind)).size).toBe(INVALID_ROWS.length);
    const covered = new Set(INVALID_ROWS.flatMap((r) => r.want.map((w) => w.code)));
    expect(Object.keys(CODES).filter((c) => !covered.has(c))).toEqual([]);
  });

  it.each(INVALID_ROWS.map((r) => [r.kind, r] as const))('%s', async (_kind, row) => {
    const result = expectRow(row);
    const { argv, files } = rowCommand(row);
    const r = await cli(argv, { files });
    const errors = result.diagnostics.some((d) => d.severity === 'error');
    expect(r.code, r.stderr).toBe(errors ? 1 : 0);
    if (errors) expect(r.stdout).toBe('');
    for (const d of result.diagnostics) expect(r.stderr).toContain(`${d.file}:${d.line}:${d.col}: ${d.severity}[${d.code}] ${d.message}`);
  });
});
