// Issue 18: what tb-gen prints from hostile values. Control characters never reach a terminal or
// a CI log raw, a diagnostic line is bounded, Markdown renders values as text, secrets stay hidden.
import { describe, expect, it } from 'vitest';
import { stepSummary } from '../../src/review/github.js';
import { cli } from '../helpers/run.js';

const APP = 'taskConfig:\n  app: dist/app.js\n';
const withTask = (task: string) => `${APP}workers:\n  api:\n    tasks: [${JSON.stringify(task)}]\n`;
const FORMATS = ['text', 'json', 'github', 'sarif'] as const;

async function every(files: Record<string, string>, argv: string[] = ['validate', '-f', 'v.yaml']) {
  const out: Record<string, string> = {};
  for (const f of FORMATS) {
    const appended = new Map<string, string>();
    const r = await cli([...argv, '--format', f], { files, env: { GITHUB_STEP_SUMMARY: 'sum.md' }, appended });
    out[f] = r.stdout + r.stderr + [...appended.values()].join('');
  }
  return out;
}

// eslint-disable-next-line no-control-regex -- the characters under test
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/;

describe('control characters from values are escapes in every output form', () => {
  it.each([
    ['ESC', 'a\u001b[31mred'],
    ['BEL', 'a\u0007b'],
    ['CR', 'a\rhidden'],
    ['C1 CSI', 'a\u009b31mb'],
    ['RTL override', 'a\u202eb'],
  ])('%s in a task name', async (_, task) => {
    for (const [format, text] of Object.entries(await every({ 'v.yaml': withTask(task) }))) {
      expect(text, format).not.toMatch(RAW_CONTROL);
      expect(text, format).toContain('INVALID_VALUE');
    }
  });

  it('an ESC in a file name is escaped in the usage error', async () => {
    const r = await cli(['validate', '-f', 'x\u001b]0;pwned\u0007.yaml'], { files: {} });
    expect(r).toEqual({ code: 2, stdout: '', stderr: "tb-gen: cannot read values file 'x\\x1b]0;pwned\\x07.yaml': no such file\n" });
  });
});

describe('diagnostics are bounded', () => {
  it('64 KiB of garbage gives lines of at most ~600 characters', async () => {
    let s = 0x2545f491;
    const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 8) % 95;
    const garbage = Array.from({ length: 64 * 1024 }, () => String.fromCharCode(32 + rnd())).join('');
    for (const text of [`${APP}workers:\n  ${garbage.replace(/[:#\n]/g, 'x')}: {}\n`, `${APP}x: "${garbage.replace(/["\\]/g, 'q')}"\n`]) {
      const r = await cli(['validate', '-f', 'v.yaml'], { files: { 'v.yaml': text } });
      expect(r.code).toBe(1);
      for (const line of r.stderr.split('\n')) expect(line.length).toBeLessThanOrEqual(620);
    }
  });
});

describe('the step summary renders values as text', () => {
  const d = (message: string) => ({
    severity: 'error' as const,
    code: 'INVALID_NAME' as const,
    message,
    file: 'v.yaml',
    line: 1,
    col: 1,
    pointer: '',
  });
  it.each([
    ['a backtick ending the code span early', 'task `a` b<img src=x onerror=alert(1)>` c', '<img'],
    ['an @mention', 'ping `@octocat` and @github/security', '@'],
    ['a link', 'see [here](https://evil.example)', ']('],
    ['a pipe splitting the cell', 'a `|` b | c', '|'],
  ])('%s', (_, message, raw) => {
    const row =
      stepSummary([d(message)], 'tb-gen')
        .split('\n')
        .find((l) => l.includes('INVALID_NAME')) ?? '';
    const cells = row.slice(2, -2);
    expect(cells.split(' | ')).toHaveLength(4);
    expect(cells.split(' | ')[3]).not.toContain(raw);
    expect(row).not.toContain('`');
  });
});

describe('secrets are never echoed', () => {
  // Found by test/fuzz: the name and the value of an env entry in two flags (two layers).
  it('a digit value whose secret name is set by another flag', async () => {
    const argv = [
      'validate',
      '-f',
      'v.yaml',
      '--set',
      'workers.api.env[0].name=DB_PASSWORD',
      '--set-json',
      'workers.api.env[0].value=332530138023143',
    ];
    const r = await cli(argv, { files: { 'v.yaml': withTask('a') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not number `***`');
    expect(r.stderr).not.toContain('332530138023143');
  });

  it.each([
    [
      'an unquoted all-digit DB_PASSWORD',
      `${APP}workers:\n  api:\n    tasks: [a]\n    env:\n      - name: DB_PASSWORD\n        value: 12345678901\n`,
      '12345678901',
    ],
    [
      'a numeric apiToken',
      `${APP}workers:\n  api:\n    tasks: [a]\n    env:\n      - name: apiToken\n        value: 987654321\n`,
      '987654321',
    ],
    [
      'a boolean-looking SECRET_KEY',
      `${APP}workers:\n  api:\n    tasks: [a]\n    env:\n      - name: SECRET_KEY\n        value: 31337.5\n`,
      '31337.5',
    ],
    // Found by test/fuzz (seed 4242): a file that does not parse echoed every stray scalar's text.
    [
      'a digit password in a file that does not parse',
      `${APP}workers:\n  api:\n    tasks: []\n}ca\ndefaults:\n  env:\n    - name: apiToken\n      value: 744273662133102\n`,
      '744273662133102',
    ],
  ])('%s', async (_, text, secret) => {
    for (const [format, out] of Object.entries(await every({ 'v.yaml': text }))) {
      expect(out, format).toMatch(/WRONG_TYPE|YAML_SYNTAX/);
      expect(out, format).not.toContain(secret);
    }
  });
});
