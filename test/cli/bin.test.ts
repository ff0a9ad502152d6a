// The built bin (dist/src/cli/main.js) as a user runs it: exit codes, stdout, stdin piping, and
// never a stack trace for a user mistake. `make test` builds first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';

const BIN = join(ROOT, 'dist/src/cli/main.js');
const STACK = /\n\s+at .+:\d+:\d+/;
const BRIEF = readFileSync(join(ROOT, 'examples/values.yaml'), 'utf8');

const tbGen = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  if (!existsSync(BIN))
    throw new Error(`${BIN} is missing: build first with \`make build\` (\`make test\` does), or \`npx tsc -p tsconfig.json\``);
});

describe('the tb-gen bin', () => {
  it("renders the brief's values exactly as the in-process CLI does, exit 0", async () => {
    const r = tbGen(['render', '-f', 'examples/values.yaml']);
    const inProcess = await cli(['render', '-f', 'examples/values.yaml'], { cwd: ROOT });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(inProcess.stdout);
    expect(r.stderr).toBe(inProcess.stderr);
    expect(r.stdout).toMatch(/name: task-worker-file-processing\n/);
  });

  it('reads values piped to stdin with -f -', () => {
    const piped = tbGen(['render', '-f', '-'], BRIEF);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(tbGen(['render', '-f', 'examples/values.yaml']).stdout);
    expect(piped.stderr).toMatch(/^<stdin>:\d+:\d+: warning\[TASK_NOT_SERVED\]/m);
  });

  it('exits 1 on invalid input with diagnostics and no stack trace', () => {
    const r = tbGen(['validate', '-f', '-'], 'workers:\n  api:\n    replcas: 3\n---\nb: 1\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^<stdin>:4:1: error\[MULTIPLE_DOCUMENTS\]/);
    expect(r.stderr).not.toMatch(STACK);
  });

  it.each([
    ['a missing file', ['render', '-f', 'no/such/values.yaml'], /cannot read values file/],
    ['an unknown option', ['render', '--nope'], /unknown option '--nope'/],
    ['no values', ['validate'], /no values given/],
    ['a directory as the values file', ['render', '-f', 'examples'], /it is a directory/],
  ])('exits 2 on %s, without a stack trace', (_, args, message) => {
    const r = tbGen(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(STACK);
  });

  it('survives binary junk and an alias bomb on stdin without a stack trace', () => {
    for (const input of [
      '\u0000\u0001\u00ff{{{',
      'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
    ]) {
      const r = tbGen(['validate', '-f', '-'], input);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error\[/);
      expect(r.stderr).not.toMatch(STACK);
    }
  });

  it('stops quietly when the reader closes the pipe early (tb-gen render | head -c 100)', () => {
    const many = `taskConfig: { app: app.js }\nworkers:\n${Array.from({ length: 2000 }, (_, i) => `  w${i}:\n    tasks: [t${i}]\n`).join('')}`;
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" render -f - | head -c 100 >/dev/null`], {
      input: many,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('prints the schema as JSON', () => {
    const r = tbGen(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).$schema).toBe('http://json-schema.org/draft-07/schema#');
  });
});
