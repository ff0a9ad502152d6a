// `render -o DIR` and `--check`: one file per object, written atomically; bad input leaves no
// trace; a directory tb-gen did not write is never replaced; --check compares and writes nothing.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli, gen, outFiles } from './helpers/run.js';

const GOOD = 'workers:\n  api:\n    tasks: [a]\n    resources: { requests: { cpu: 1 } }\n    autoscaling: { enabled: true, maxReplicas: 2 }\n  files:\n    tasks: [b]\n';
const BAD = 'workers:\n  api:\n    replicas: many\n';
const files = { 'good.yaml': GOOD, 'bad.yaml': BAD };

let root = '';
beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'tb-out-')); });
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Every file under dir (names and contents), for "nothing changed" checks. */
const snapshot = (dir: string) => existsSync(dir)
  ? Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]))
  : undefined;
const run = (...argv: string[]) => cli(argv, { files });

describe('render -o DIR', () => {
  it('writes one file per object, named after it, with exactly what render produces', async () => {
    const out = join(root, 'out');
    const r = await run('render', '-f', 'good.yaml', '-o', out);
    expect(r).toEqual({ code: 0, stdout: '', stderr: `wrote 3 files to ${out}\n` });
    const want = Object.fromEntries(outFiles(gen(GOOD)).map((f) => [f.file, f.content]));
    expect(snapshot(out)).toEqual(want);
    expect(Object.keys(want)).toEqual(['task-worker-api-deployment.yaml', 'task-worker-files-deployment.yaml', 'task-worker-api-hpa.yaml']);
  });

  it('creates missing parent directories and leaves no temporary directory behind', async () => {
    const out = join(root, 'a', 'b', 'out');
    expect((await run('render', '-f', 'good.yaml', '-o', out)).code).toBe(0);
    expect(readdirSync(join(root, 'a', 'b'))).toEqual(['out']);
  });

  it('replaces its previous output whole: objects no longer rendered disappear', async () => {
    const out = join(root, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'task-worker-old-deployment.yaml'), 'stale\n');
    expect((await run('render', '-f', 'good.yaml', '-o', out)).code).toBe(0);
    expect(readdirSync(out)).not.toContain('task-worker-old-deployment.yaml');
    expect(readdirSync(root)).toEqual(['out']);
  });

  it('on invalid input exits 1 and creates no directory', async () => {
    const out = join(root, 'out');
    const r = await run('render', '-f', 'bad.yaml', '-o', out);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^bad\.yaml:3:15: error\[WRONG_TYPE\]/);
    expect(readdirSync(root)).toEqual([]);
  });

  it('on invalid input does not touch an existing output directory', async () => {
    const out = join(root, 'out');
    expect((await run('render', '-f', 'good.yaml', '-o', out)).code).toBe(0);
    const before = snapshot(out);
    expect((await run('render', '-f', 'bad.yaml', '-o', out)).code).toBe(1);
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(root)).toEqual(['out']);
  });

  it.each([['a README', 'README.md'], ['a subdirectory', 'keep'], ['a .gitkeep', '.gitkeep']])('refuses (exit 2) to replace a directory holding %s', async (_, name) => {
    const out = join(root, 'out');
    mkdirSync(out);
    if (name === 'keep') mkdirSync(join(out, name));
    else writeFileSync(join(out, name), 'mine\n');
    writeFileSync(join(out, 'x.yaml'), 'mine too\n');
    const before = readdirSync(out).sort();
    const r = await run('render', '-f', 'good.yaml', '-o', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`refusing to replace .*${name.replace('.', '\\.')}`));
    expect(readdirSync(out).sort()).toEqual(before);
    expect(readFileSync(join(out, 'x.yaml'), 'utf8')).toBe('mine too\n');
  });

  it('refuses (exit 2) when -o names a file', async () => {
    const out = join(root, 'file.yaml');
    writeFileSync(out, 'data\n');
    const r = await run('render', '-f', 'good.yaml', '-o', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a directory/);
    expect(readFileSync(out, 'utf8')).toBe('data\n');
  });
});

describe('render -o DIR --check', () => {
  const fresh = async () => {
    const out = join(root, 'out');
    expect((await run('render', '-f', 'good.yaml', '-o', out)).code).toBe(0);
    return out;
  };

  it('exits 0 when DIR is up to date', async () => {
    const out = await fresh();
    const r = await run('render', '-f', 'good.yaml', '-o', out, '--check');
    expect(r).toEqual({ code: 0, stdout: '', stderr: `${out} is up to date\n` });
  });

  const drifts: Array<[string, (out: string) => void, RegExp]> = [
    ['a changed file', (o) => writeFileSync(join(o, 'task-worker-api-hpa.yaml'), 'edited\n'), /task-worker-api-hpa\.yaml: differs/],
    ['a missing file', (o) => rmSync(join(o, 'task-worker-files-deployment.yaml')), /task-worker-files-deployment\.yaml: missing/],
    ['an extra file', (o) => writeFileSync(join(o, 'task-worker-gone-deployment.yaml'), 'old\n'), /task-worker-gone-deployment\.yaml: not rendered any more/],
  ];

  it.each(drifts)('exits 1 on %s and writes nothing', async (_, drift, line) => {
    const out = await fresh();
    drift(out);
    const before = snapshot(out);
    const r = await run('render', '-f', 'good.yaml', '-o', out, '--check');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(line);
    expect(r.stderr).toMatch(/is stale: 1 file\(s\) differ/);
    expect(snapshot(out)).toEqual(before);
  });

  it('exits 1 when DIR does not exist, and does not create it', async () => {
    const out = join(root, 'never');
    const r = await run('render', '-f', 'good.yaml', '-o', out, '--check');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/3 file\(s\) differ/);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 on invalid input and writes nothing', async () => {
    const out = await fresh();
    const before = snapshot(out);
    expect((await run('render', '-f', 'bad.yaml', '-o', out, '--check')).code).toBe(1);
    expect(snapshot(out)).toEqual(before);
  });
});
