// Issue 18, tb-gen's side: one row per hostile or careless input found by hand or by the fuzzer
// (test/fuzz/), each with the exit code and the message a user gets instead of an internal error,
// a misread name or a leaked byte. Expectations are written from the README's promises.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run.js';

const APP = 'taskConfig:\n  app: dist/app.js\n';
const ONE = `${APP}workers:\n  api:\n    tasks: [a]\n`;
const BIN = resolve(import.meta.dirname, '../../dist/bin/tb-gen.mjs');
const run = (argv: string[], files: Record<string, string> = { 'v.yaml': ONE }) => cli(argv, { files });

/** The properties every row shares: an exit code of the README's, and no internal error. */
function sane(r: { code: number; stdout: string; stderr: string }): void {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.stderr + r.stdout).not.toMatch(/internal error|Maximum call stack|\n\s+at /);
}

describe('input that used to be an internal error is exit 1 or 2 with a clear message', () => {
  const deepJson = '['.repeat(5000) + ']'.repeat(5000);
  it.each([
    [
      '--set-json nested 5,000 deep',
      ['--set-json', `x=${deepJson}`],
      {},
      1,
      /SET_SYNTAX\] --set-json x: the JSON value nests deeper than 64 levels/,
    ],
    ['--set path 200 keys deep', ['--set', `${'a.'.repeat(200)}b=1`], {}, 1, /SET_SYNTAX\].*nests deeper than 64 levels/],
    [
      'a values file nested 20,000 deep (flow)',
      ['-f', 'deep.yaml'],
      { 'deep.yaml': `a: ${'['.repeat(20000)}` },
      1,
      /YAML_SYNTAX\] maps and lists nest deeper than 64 levels/,
    ],
    [
      'a values file nested 100 deep (block)',
      ['-f', 'deep.yaml'],
      { 'deep.yaml': Array.from({ length: 100 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n' },
      1,
      /YAML_SYNTAX\] maps and lists nest deeper than 64 levels/,
    ],
    [
      'a --set value over 128 KiB',
      ['--set', `x=${'y'.repeat(128 * 1024)}`],
      {},
      1,
      /SET_SYNTAX\].*131074 characters, above the limit of 131072/,
    ],
  ])('%s', async (_, extra, files, code, message) => {
    const r = await run(['validate', '-f', 'v.yaml', ...extra], { 'v.yaml': ONE, ...files });
    sane(r);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
  });

  it('-f /dev/zero is refused after 5 MiB (the real bin, bounded read)', () => {
    const r = spawnSync(process.execPath, [BIN, 'validate', '-f', '/dev/zero'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      "tb-gen: cannot read values file '/dev/zero': it is larger than 5 MiB (Helm's limit for one chart file); split it into several -f files\n",
    );
  });

  it('an unwritable $GITHUB_STEP_SUMMARY is a warning, not a failure (the real bin)', () => {
    const env = { ...process.env, GITHUB_STEP_SUMMARY: '/nonexistent-dir/summary.md' };
    const r = spawnSync(process.execPath, [BIN, 'validate', '-f', '-', '--format', 'github'], { input: ONE, encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'tb-gen: warning: cannot append to $GITHUB_STEP_SUMMARY (/nonexistent-dir/summary.md): ENOENT; the summary is left out\n',
    );
  });
});

describe('names that reach Object.prototype are names like any other', () => {
  it.each(['constructor'])('profile: %s is UNKNOWN_PROFILE', async (name) => {
    const r = await run(['validate', '-f', 'v.yaml'], { 'v.yaml': `${ONE}    profile: "${name}"\n` });
    sane(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`error[UNKNOWN_PROFILE] worker \`api\` uses profile \`${name}\``);
  });

  it.each(['__proto__', 'constructor', 'toString'])('explain %s is "no worker" (exit 2)', async (name) => {
    const r = await run(['explain', name, '-f', 'v.yaml']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `tb-gen: no worker '${name}' in the values (workers: api)\n` });
  });

  it('a worker named constructor is a worker (its own name, its own queue)', async () => {
    const r = await run(['render', '-f', 'v.yaml'], { 'v.yaml': `${APP}workers:\n  constructor:\n    tasks: [toString]\n` });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('name: task-worker-constructor\n');
    expect(r.stdout).toContain('- --tasks=toString\n');
  });
});

describe('YAML 1.1 keys are read as Helm reads them, and said so', () => {
  it.each([
    [
      'yes: as a worker name',
      `${APP}workers:\n  yes:\n    tasks: [a]\n`,
      'v.yaml:4:3: error[WRONG_TYPE] the key `yes` is read as the boolean true by YAML 1.1',
    ],
    [
      'on: as a node selector key',
      `${ONE}    nodeSelector:\n      on: x\n`,
      'v.yaml:7:7: error[WRONG_TYPE] the key `on` is read as the boolean true',
    ],
    ['~: as a key', `${APP}workers:\n  ~:\n    tasks: [a]\n`, 'v.yaml:4:3: error[WRONG_TYPE] the key `~` is read as null'],
    [
      '1: and "1": in one map',
      `${APP}workers:\n  1:\n    tasks: [a]\n  "1":\n    tasks: [b]\n`,
      'v.yaml:6:3: error[DUPLICATE_KEY] duplicate key `1` (first at line 4)',
    ],
  ])('%s', async (_, text, line) => {
    const r = await run(['validate', '-f', 'v.yaml'], { 'v.yaml': text });
    sane(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(line);
  });
});

describe('positions and codes', () => {
  it("an alias to another file's anchor is YAML_SYNTAX at the alias, not ALIAS_BOMB at 1:1", async () => {
    const r = await run(['validate', '-f', 'a.yaml', '-f', 'b.yaml'], {
      'a.yaml': `${APP}x: &b {tasks: [a]}\n`,
      'b.yaml': 'workers:\n  api: *b\n',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('b.yaml:2:8: error[YAML_SYNTAX] the alias `*b` names no anchor `&b` set above it in this file\n');
    expect(r.stderr).not.toContain('ALIAS_BOMB');
  });

  it.each(['.nan', '.inf', '-.inf', '.NaN'])('concurrency: %s is WRONG_TYPE naming the value as written', async (v) => {
    const r = await run(['validate', '-f', 'v.yaml'], { 'v.yaml': `${ONE}    concurrency: ${v}\n` });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `v.yaml:6:18: error[WRONG_TYPE] \`${v}\` is not a number a values file can hold\n  hint: write a finite number\n1 error, 0 warnings\n`,
    );
  });
});
