// The README's quick start, run as written: every ```sh block between its markers, in order, with
// bash in an empty directory holding the packed tarball. The ```sh worker block is the long-running
// worker: it runs in the background until it logs the job the next block enqueues as completed,
// then its process group gets SIGTERM, and the worker must log that it stopped. The ```sh cluster block needs a cluster: it runs with `--dry-run=client`
// appended, with Helm 4 (which renders and checks the release without an API server). Real Redis on
// 127.0.0.1:6379, under a key prefix of this test's own (TASK_BACKEND_PREFIX), removed after.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findHelms } from '../chart/helm.js';
import { ROOT } from '../helpers/fixtures.js';
import { cleanPrefix } from '../helpers/worker.js';
import { emptyProject, pack, PKG } from './packed.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const region = /<!-- quick start:[^>]*-->([^]*?)<!-- end quick start -->/.exec(readme)?.[1] ?? '';
const blocks = [...region.matchAll(/^```sh( \w+)?\n([^]*?)^```$/gm)].map((m) => ({ kind: (m[1] ?? '').trim(), text: m[2] as string }));

const prefix = `tb-readme-${process.pid}`;
// Helm 4: its install --dry-run=client needs no API server (Helm 3's still asks one for its version).
const helmDir = dirname(findHelms().find((h) => h.version.startsWith('v4.'))?.bin ?? '/nonexistent/helm');
const packDir = mkdtempSync(join(tmpdir(), 'tb-readme-pack-'));
let dir = '';
beforeAll(() => {
  dir = emptyProject(pack(packDir), packDir);
}, 120_000);
afterAll(async () => {
  await cleanPrefix(prefix);
  rmSync(packDir, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const env = { ...process.env, TASK_BACKEND_PREFIX: prefix, PATH: `${helmDir}:${process.env.PATH ?? ''}` };
const bash = (script: string) =>
  spawnSync('bash', ['-e', '-o', 'pipefail', '-c', script], { cwd: dir, env, encoding: 'utf8', timeout: 300_000 });

describe('README quick start', () => {
  it('is on the first screen: under 100 lines, with install, values, validate, render, helm, worker and enqueue blocks', () => {
    expect(readme.split('\n').length).toBeLessThan(100);
    const text = blocks.map((b) => b.text).join('\n');
    for (const step of [
      'npm install ./',
      'values.yaml',
      'tb-gen validate',
      'tb-gen render',
      'helm install',
      'task-backend-worker',
      'task-backend-enqueue',
    ])
      expect(text).toContain(step);
    expect(text).toContain(`task-backend-workers-${PKG.version}.tgz`);
  });

  it('runs as written, from an empty directory to a completed job', async () => {
    const worker = blocks.findIndex((b) => b.kind === 'worker');
    expect(worker).toBeGreaterThan(0);
    for (const b of blocks.slice(0, worker)) {
      const r = bash(b.kind === 'cluster' ? `${b.text.trim()} --dry-run=client` : b.text);
      expect(r.status, `${b.text}\n${r.stderr}`).toBe(0);
    }
    expect(readdirSync(join(dir, 'manifests')).length).toBeGreaterThan(0);
    // A process group of its own: npx runs the bin as a child, which a signal to npx alone would leave running.
    const child = spawn('bash', ['-c', blocks[worker]?.text.trim() ?? ''], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let log = '';
    child.stdout.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr.on('data', (d: Buffer) => (log += d.toString()));
    const until = async (re: RegExp) => {
      for (let i = 0; i < 600 && !re.test(log) && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
      expect(log).toMatch(re);
    };
    try {
      await until(/"event":"ready"/);
      for (const b of blocks.slice(worker + 1)) {
        const r = bash(b.text);
        expect(r.status, `${b.text}\n${r.stderr}`).toBe(0);
      }
      await until(/"task":"send_email".*"event":"job_completed"/);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
    await until(/"event":"stopped"/); // the worker itself drained and stopped, not only npx
    await new Promise((r) => (child.exitCode === null && child.signalCode === null ? child.once('exit', r) : r(null)));
    expect(existsSync(join(dir, 'node_modules/task-backend-workers/chart/Chart.yaml'))).toBe(true);
  }, 400_000);
});
