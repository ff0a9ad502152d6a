// Goldens for every output format: validate (text, json, github, sarif), diff (text, markdown,
// json, github, sarif), explain (text, json) and report (text, markdown, json), run on the
// files in test/review/cases. A missing golden fails; only UPDATE=1 writes them.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';

const CASES = join(ROOT, 'test/review/cases');
const GOLDEN = join(ROOT, 'test/review/golden');
const UPDATE = process.env.UPDATE === '1';
const DIFF = ['diff', '--base-values', 'base.yaml', '-f', 'head.yaml'];

const cases: Array<[string, string[], number]> = [
  ['validate.txt', ['validate', '-f', 'invalid.yaml'], 1],
  ['validate.json', ['validate', '-f', 'invalid.yaml', '--format', 'json'], 1],
  ['validate.github.txt', ['validate', '-f', 'invalid.yaml', '--format', 'github'], 1],
  ['validate.sarif.json', ['validate', '-f', 'invalid.yaml', '--format', 'sarif'], 1],
  ['diff.txt', DIFF, 0],
  ['diff.md', [...DIFF, '--format', 'markdown'], 0],
  ['diff.json', [...DIFF, '--format', 'json'], 0],
  ['diff.github.txt', [...DIFF, '--format', 'github'], 0],
  ['diff.sarif.json', [...DIFF, '--format', 'sarif'], 0],
  ['diff-invalid.md', ['diff', '--base-values', 'invalid.yaml', '-f', 'head.yaml', '--format', 'markdown'], 1],
  ['explain.txt', ['explain', 'email', '-f', 'head.yaml', '--set-string', 'workers.email.podAnnotations.team=mail'], 0],
  ['explain.json', ['explain', 'video', '-f', 'head.yaml', '--format', 'json'], 0],
  ['report.txt', ['report', '-f', 'head.yaml', '--maxclients', '50'], 0],
  ['report.md', ['report', '-f', 'head.yaml', '--format', 'markdown'], 0],
  ['report.json', ['report', '-f', 'head.yaml', '--format', 'json', '--maxclients', '20'], 1],
];

describe('output goldens', () => {
  it.each(cases)('%s', async (name, argv, code) => {
    const r = await cli(argv, { cwd: CASES });
    expect(r.code, r.stderr).toBe(code);
    // What a user sees: stdout, then stderr (diagnostics and notes) after a marker line.
    const got = r.stderr ? `${r.stdout}--- stderr ---\n${r.stderr}` : r.stdout;
    const file = join(GOLDEN, name);
    if (UPDATE) {
      mkdirSync(GOLDEN, { recursive: true });
      writeFileSync(file, got);
    }
    if (!existsSync(file))
      throw new Error(`test/review/golden/${name} is missing; run UPDATE=1 npx vitest run test/review/golden.test.ts and review it`);
    expect(got).toBe(readFileSync(file, 'utf8'));
    expect(got, 'a password in a plain env value is never printed').not.toMatch(/s3cret/);
  });
});
