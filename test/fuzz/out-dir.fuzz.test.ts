// Fuzzing `render -o` and `--check` over generated file-system states (issue 18): the output
// location may be missing, a directory, a symlink (to a directory, or dangling), a file, or under
// a file; its entries may be tb-gen's, foreign files, symlinks, dangling links or directories.
// Whatever the state: exit 0/1/2, no internal error, nothing outside the output directory changes,
// a refused or failed run changes nothing at all, and a written directory holds exactly the output.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENERATED_HEADER } from '../../src/cli/write.js';
import { cli } from '../helpers/run.js';
import { params, TIMEOUT } from './arbitraries.js';

const ONE = 'taskConfig:\n  app: dist/app.js\nworkers:\n  api:\n    tasks: [a]\n';
const WRITTEN = ['task-worker-api-deployment.yaml', 'task-worker-api-pdb.yaml'];
const ENTRY = fc.constantFrom('generated', 'foreign', 'link-to-generated', 'dangling', 'subdir', 'wanted-as-dir');
const OUT = fc.constantFrom('missing', 'dir', 'link-to-dir', 'dangling-link', 'file', 'under-file');

/** Every path under root with what it is: type, mode, content or link target (symlinks not followed). */
function snapshot(root: string, skip: (p: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (skip(p)) continue;
      const st = lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[p] = `link ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[p] = `dir ${mode}`;
        walk(p);
      } else out[p] = `file ${mode} ${readFileSync(p, 'utf8')}`;
    }
  };
  walk(root);
  return out;
}

function build(root: string, kind: string, entries: string[], mode: number): { out: string; real: string } {
  const real = join(root, 'real');
  mkdirSync(real);
  entries.forEach((e, i) => {
    const p = join(real, e === 'wanted-as-dir' ? (WRITTEN[0] as string) : `e${i}.yaml`);
    if (e === 'generated') writeFileSync(p, GENERATED_HEADER + 'x: 1\n');
    else if (e === 'foreign') writeFileSync(p, 'mine\n');
    else if (e === 'link-to-generated') symlinkSync(join(root, 'elsewhere.yaml'), p);
    else if (e === 'dangling') symlinkSync(join(root, 'gone'), p);
    else mkdirSync(p, { recursive: true });
  });
  writeFileSync(join(root, 'elsewhere.yaml'), GENERATED_HEADER + 'y: 2\n');
  chmodSync(real, mode);
  if (kind === 'dir') return { out: real, real };
  if (kind === 'link-to-dir') symlinkSync(real, join(root, 'out'));
  if (kind === 'dangling-link') symlinkSync(join(root, 'nowhere'), join(root, 'out'));
  if (kind === 'file' || kind === 'under-file') writeFileSync(join(root, 'out'), 'a file\n');
  return {
    out: kind === 'under-file' ? join(root, 'out', 'sub') : join(root, 'out'),
    real: kind === 'link-to-dir' ? real : join(root, 'out'),
  };
}

describe('fuzz: render -o over file-system states', () => {
  it(
    'exit 0/1/2; nothing outside the output changes; a refused run changes nothing; a written one holds exactly the output',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          OUT,
          fc.array(ENTRY, { maxLength: 4 }),
          fc.constantFrom(0o755, 0o750, 0o700),
          fc.boolean(),
          async (kind, entries, mode, check) => {
            const root = mkdtempSync(join(tmpdir(), 'tb-fuzz-'));
            try {
              const { out, real } = build(root, kind, entries, mode);
              const before = snapshot(root, () => false);
              const r = await cli(['render', '-f', 'v.yaml', '-o', out, ...(check ? ['--check'] : [])], { files: { 'v.yaml': ONE } });
              expect([0, 1, 2]).toContain(r.code);
              expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
              if (check || r.code !== 0) {
                expect(snapshot(root, () => false)).toEqual(before);
                return;
              }
              const outside = (p: string) => p === real || p.startsWith(real + '/');
              const unchanged = Object.fromEntries(Object.entries(before).filter(([p]) => !outside(p)));
              expect(snapshot(root, outside)).toEqual(unchanged);
              expect(readdirSync(real).sort()).toEqual(WRITTEN);
              if (kind === 'dir' || kind === 'link-to-dir') expect(lstatSync(real).mode & 0o7777).toBe(mode);
            } finally {
              rmSync(root, { recursive: true, force: true });
            }
          },
        ),
        params(25),
      );
    },
    TIMEOUT,
  );
});
