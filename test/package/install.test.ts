// The packed tarball installed into an empty project: every bin runs from node_modules/.bin, every
// export loads, tb-gen renders with the chart it carries, and nothing of the development setup
// (dev dependencies, sources, source maps, tests) came along.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyProject, installTarball, pack, PKG, type PackInfo } from './packed.js';

const packDir = mkdtempSync(join(tmpdir(), 'tb-pack-'));
let info: PackInfo;
let project: string;
beforeAll(() => {
  info = pack(packDir);
  project = emptyProject(info, packDir);
  installTarball(project, info.filename);
}, 320_000);
afterAll(() => {
  rmSync(packDir, { recursive: true, force: true });
  if (project) rmSync(project, { recursive: true, force: true });
});

/** Run a command in the project, with its node_modules/.bin first on PATH, as `npx` would. */
const run = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(project, 'node_modules/.bin')}:${process.env.PATH ?? ''}` },
    timeout: 60_000,
  });

const APP = `import { registerTask } from 'task-backend-workers/worker';
registerTask({ name: 'send_email', queue: 'mail', handler: async (d) => ({ sent: d.to }) });
`;
const VALUES = `taskConfig:
  app: tasks.mjs
  broker_url: redis://redis:6379/0
workers:
  mailer:
    tasks: [send_email]
    resources: { memory: 256Mi, cpu: 100m }
`;

describe('npm install ./task-backend-workers-X.tgz into an empty project', () => {
  it('the tarball holds the built package and not the development setup', () => {
    const paths = info.files.map((f) => f.path);
    expect(info.filename).toBe(`${PKG.name}-${PKG.version}.tgz`);
    for (const target of [...Object.values(PKG.bin), ...Object.values(PKG.exports)]) expect(paths).toContain(target.replace(/^\.\//, ''));
    expect(paths.filter((p) => /\.map$|^src\/|^test\/|^scripts\/|^bench\/|^tools\/|\.cache$/.test(p))).toEqual([]);
    expect(paths).toEqual(
      expect.arrayContaining(['chart/Chart.yaml', 'chart/values.schema.json', 'schemas/values.schema.json', 'CHANGELOG.md']),
    );
  });

  it('installs no dev dependency', () => {
    const installed = Object.keys(PKG.devDependencies).filter((d) => existsSync(join(project, 'node_modules', d, 'package.json')));
    expect(installed).toEqual([]);
  });

  it.each(Object.keys(PKG.bin))('bin %s --version prints the package version', (bin) => {
    const r = run(bin, ['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split(' ').pop()).toBe(PKG.version);
  });

  it('tb-gen validates and renders a values file with the chart defaults it carries', () => {
    writeFileSync(join(project, 'values.yaml'), VALUES);
    const v = run('tb-gen', ['validate', '-f', 'values.yaml', '--strict']);
    expect(v.status, v.stderr).toBe(0);
    const r = run('tb-gen', ['render', '-f', 'values.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`image: task-backend:${PKG.version}`);
    expect(r.stdout).toContain('- --tasks=send_email');
  });

  it('tb-gen chart writes the chart it carries, with the values merged in', () => {
    const r = run('tb-gen', ['chart', '-f', 'values.yaml', '-o', 'my-chart']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(project, 'my-chart/Chart.yaml'), 'utf8')).toMatch(
      new RegExp(`^version: ${PKG.version.replace(/\./g, '\\.')}$`, 'm'),
    );
    expect(readFileSync(join(project, 'my-chart/values.yaml'), 'utf8')).toContain('send_email');
  });

  it('task-backend-worker loads an app that imports task-backend-workers/worker, and lists its tasks', () => {
    writeFileSync(join(project, 'tasks.mjs'), APP);
    const r = run('task-backend-worker', ['--app=./tasks.mjs', '--list-tasks', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ name: 'send_email', queue: 'mail' }]);
  });

  it('task-backend-enqueue explains itself', () => {
    const r = run('task-backend-enqueue', ['--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Usage: task-backend-enqueue TASK/);
  });

  it.each(Object.keys(PKG.exports))('export %s loads from the installed package', (sub) => {
    const spec = sub === '.' ? PKG.name : `${PKG.name}/${sub.slice(2)}`;
    const r = run(process.execPath, [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(spec)}); console.log(Object.keys(m).sort().join(','))`,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().length).toBeGreaterThan(0);
  });
});
