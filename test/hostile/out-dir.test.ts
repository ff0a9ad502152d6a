// Issue 18: `render -o` on a real file system in careless states. Nothing tb-gen did not write is
// replaced, followed or deleted; a directory keeps its mode; a killed run's leftovers are swept.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run.js';

const ONE = 'taskConfig:\n  app: dist/app.js\nworkers:\n  api:\n    tasks: [a]\n';
const FILES = ['task-worker-api-deployment.yaml', 'task-worker-api-pdb.yaml'];
let root = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tb-hostile-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const render = (out: string, ...more: string[]) => cli(['render', '-f', 'v.yaml', '-o', out, ...more], { files: { 'v.yaml': ONE } });
const sane = (r: { stderr: string }) => expect(r.stderr).not.toMatch(/internal error|\n\s+at /);

describe('internal errors that are now usage errors or drift', () => {
  it('-o under a path whose parent is a file: exit 2 naming it', async () => {
    writeFileSync(join(root, 'file'), 'x');
    const r = await render(join(root, 'file', 'sub'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `tb-gen: --out ${join(root, 'file', 'sub')}: cannot create its parent ${join(root, 'file')}: a part of the path is a file, not a directory (${join(root, 'file')})\n`,
    );
  });

  it('a dangling symlink inside the directory: -o refuses (2), --check reports it (1)', async () => {
    const out = join(root, 'out');
    expect((await render(out)).code).toBe(0);
    symlinkSync('/nonexistent', join(out, 'dang'));
    const w = await render(out);
    sane(w);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('tb-gen did not write dang');
    const c = await render(out, '--check');
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(`${join(out, 'dang')}: not written by tb-gen`);
    expect(lstatSync(join(out, 'dang')).isSymbolicLink()).toBe(true);
  });

  it('-o naming a dangling symlink: exit 2, the link untouched', async () => {
    symlinkSync(join(root, 'gone'), join(root, 'link'));
    const r = await render(join(root, 'link'));
    expect(r).toMatchObject({
      code: 2,
      stderr: `tb-gen: --out ${join(root, 'link')} is a symlink to nothing; remove it or point it at a directory\n`,
    });
    expect(readlinkSync(join(root, 'link'))).toBe(join(root, 'gone'));
  });

  it('--check where a wanted file is a directory: drift, not a crash', async () => {
    const out = join(root, 'out');
    mkdirSync(join(out, FILES[0] as string), { recursive: true });
    const r = await render(out, '--check');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(out, FILES[0] as string)}: not a file tb-gen wrote (a symlink or a directory)`);
  });
});

describe('files tb-gen did not write are left alone', () => {
  it('-o link to a directory keeps the link and replaces the directory it names', async () => {
    mkdirSync(join(root, 'real'));
    symlinkSync('real', join(root, 'link'));
    expect((await render(join(root, 'link'))).code).toBe(0);
    expect(lstatSync(join(root, 'link')).isSymbolicLink()).toBe(true);
    expect(readdirSync(join(root, 'real')).sort()).toEqual(FILES);
    expect((await render(join(root, 'link'))).code).toBe(0); // and again, over its own output
    expect(readlinkSync(join(root, 'link'))).toBe('real');
  });

  it('a symlink to a generated file inside the directory is foreign: refused, kept', async () => {
    const out = join(root, 'out');
    await render(out);
    symlinkSync(join(out, FILES[1] as string), join(out, 'mine.yaml'));
    const r = await render(out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tb-gen did not write mine.yaml');
    expect(lstatSync(join(out, 'mine.yaml')).isSymbolicLink()).toBe(true);
  });

  it.each([0o755, 0o750, 0o700])('a replaced directory keeps its mode %o', async (mode) => {
    const out = join(root, 'out');
    await render(out);
    chmodSync(out, mode);
    expect((await render(out)).code).toBe(0);
    expect(statSync(out).mode & 0o7777).toBe(mode);
  });

  it('a new directory gets the mode mkdir would give it (umask applied), not 0700', async () => {
    const out = join(root, 'new');
    await render(out);
    const umask = process.umask();
    expect(statSync(out).mode & 0o777).toBe(0o777 & ~umask);
  });

  it("a killed run's temporary directory is swept; a live one is kept", async () => {
    const dead = join(root, '.out.tmp-999999999-abcd');
    const live = join(root, `.out.tmp-${process.pid}-beef`);
    mkdirSync(dead);
    mkdirSync(live);
    expect((await render(join(root, 'out'))).code).toBe(0);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
  });

  it('SIGINT during the write: the write finishes whole and leaves no temporary directory', () => {
    // The third file's content sends SIGINT to the process itself, in the middle of writeDir.
    const script = `
      import { writeDir } from ${JSON.stringify(resolve(import.meta.dirname, '../../dist/src/cli/write.js'))};
      const files = [0, 1, 2, 3, 4].map((i) => ({ name: 'f' + i + '.yaml', get content() {
        if (i === 2) process.kill(process.pid, 'SIGINT');
        return '# Generated by tb-gen render; do not edit: change the values and render again.\\n' + i;
      } }));
      writeDir(process.argv[1], files);
      process.stdout.write('written');`;
    const out = join(root, 'out');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, out], { encoding: 'utf8' });
    expect(r.stdout).toBe('written');
    expect(readdirSync(out).sort()).toEqual(['f0.yaml', 'f1.yaml', 'f2.yaml', 'f3.yaml', 'f4.yaml']);
    expect(readdirSync(root)).toEqual(['out']);
  });
});
