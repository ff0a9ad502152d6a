// examples/ci/tb-gen.yml, run as written: every step with an `id`, through bash, in a temporary git
// repository with two commits (main, and a pull request that changes the values), with the
// environment the runner gives (GITHUB_BASE_REF, GITHUB_STEP_SUMMARY) and tb-gen installed as the
// README says: the packed tarball committed under vendor/, `npm install --save-dev` of it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/fixtures.js';
import { pack } from './package/packed.js';

const BIN = join(ROOT, 'dist/bin/tb-gen.mjs');
const workflow = parse(readFileSync(join(ROOT, 'examples/ci/tb-gen.yml'), 'utf8')) as {
  jobs: { review: { env: Record<string, string>; steps: Array<{ id?: string; run?: string }> } };
};
const job = workflow.jobs.review;
const steps = Object.fromEntries(job.steps.filter((s) => s.id).map((s) => [s.id as string, s.run as string]));
const repo = mkdtempSync(join(tmpdir(), 'tb-ci-'));
const summary = join(repo, '..', `${repo.split('/').pop()}-summary.md`);
const packDir = mkdtempSync(join(tmpdir(), 'tb-ci-pack-'));
afterAll(() => [repo, packDir].forEach((d) => rmSync(d, { recursive: true, force: true })));

const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
const tbGen = (...args: string[]) =>
  execFileSync(join(repo, 'node_modules/.bin/tb-gen'), args, { cwd: repo, encoding: 'utf8', stdio: 'pipe' });
const VALUES = ['-f', 'deploy/values.yaml', '--profiles', 'deploy/worker-profiles.yaml'];

/** A step's `run` as the runner runs it: bash -e, in the checkout, with the job's env and the runner's. */
function step(id: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-e', '-c', steps[id] as string], {
    cwd: repo,
    encoding: 'utf8',
    env: {
      PATH: `${join(repo, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
      HOME: repo,
      ...job.env,
      GITHUB_BASE_REF: 'main',
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_ACTIONS: 'true',
    },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run make build first`);
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.org');
  git('config', 'user.name', 'ci');
  mkdirSync(join(repo, 'deploy'));
  cpSync(join(ROOT, 'examples/saas-backend.yaml'), join(repo, 'deploy/values.yaml'));
  cpSync(join(ROOT, 'examples/worker-profiles.yaml'), join(repo, 'deploy/worker-profiles.yaml'));
  writeFileSync(join(repo, 'package.json'), '{ "name": "app", "private": true }\n');
  writeFileSync(join(repo, '.gitignore'), 'node_modules/\ntb-gen-diff.md\n');
  // The README's way in: the release tarball committed beside the values, a devDependency.
  const info = pack(packDir);
  mkdirSync(join(repo, 'vendor'));
  copyFileSync(join(packDir, info.filename), join(repo, 'vendor', info.filename));
  execFileSync('npm', ['install', '--save-dev', '--no-audit', '--no-fund', '--prefer-offline', `./vendor/${info.filename}`], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
  tbGen('render', ...VALUES, '-o', 'deploy/manifests');
  git('add', '.');
  git('commit', '-qm', 'workers');
  git('update-ref', 'refs/remotes/origin/main', 'HEAD');
  // The pull request: api scales further, urgent runs more jobs per pod and takes api_tasks too.
  git('checkout', '-q', '-b', 'pr');
  const text = readFileSync(join(repo, 'deploy/values.yaml'), 'utf8')
    .replace('minReplicas: 3, maxReplicas: 20', 'minReplicas: 3, maxReplicas: 30')
    .replace('    tasks: [urgent_task]\n    concurrency: 8', '    tasks: [urgent_task, api_tasks]\n    concurrency: 12');
  writeFileSync(join(repo, 'deploy/values.yaml'), text);
  tbGen('render', ...VALUES, '-o', 'deploy/manifests');
  git('commit', '-qam', 'scale api, widen urgent');
}, 300_000);

describe('the example GitHub Actions workflow', () => {
  it('has the three steps the README describes', () => expect(Object.keys(steps)).toEqual(['validate', 'render-check', 'diff']));

  it('validate: annotates the values file at its line, exit 0 with warnings, and fills the step summary', () => {
    const r = step('validate');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^::warning file=deploy\/values\.yaml,line=19,col=3,title=TASK_NOT_SERVED::task `heavy_ml_tasks`/m);
    expect(r.stdout.trimEnd().split('\n').pop()).toBe('0 errors, 1 warning');
    expect(readFileSync(summary, 'utf8')).toMatch(/^### tb-gen\n\n0 errors, 1 warning\n/);
  });

  it('render --check: the committed manifests are up to date', () => {
    const r = step('render-check');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning\[TASK_NOT_SERVED\][^]*\ndeploy\/manifests is up to date\n$/);
  });

  it('diff: the PR comment body shows the workers that change, their figures and the routing', () => {
    const r = step('diff');
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(repo, 'tb-gen-diff.md'), 'utf8');
    expect(md).toMatch(/^### tb-gen diff: `origin\/main` → `working tree`\n/);
    expect(md).toMatch(
      /^\| `api` \| changed \| hpa \| 3-20 → 3-30 \| 200 → 300 \(\+100\) \| 1\.5 \/ 1\.5Gi \| 10 \/ 10Gi → 15 \/ 15Gi \(\+5 \/ \+5Gi\) \|/m,
    );
    expect(md).toMatch(/^\| `urgent` \| changed \| hpa \| 2-8 \| 64 → 96 \(\+32\) \|/m);
    expect(md).toMatch(/^- task `api_tasks` moves: served by `api` before, by `api`, `urgent` now$/m);
    expect(md).toMatch(/<details><summary>Deployment\/task-worker-urgent \(changed, 2 field\(s\)\)<\/summary>/);
  });

  it('is the change whose text diff docs/review.md shows, byte for byte', () => {
    const readme = readFileSync(join(ROOT, 'docs/review.md'), 'utf8');
    const shown = /deploy\/worker-profiles\.yaml`, [\d.]+ s\):\n\n```\n([^]*?)```\n/.exec(readme)?.[1];
    expect(shown, 'the diff block in docs/review.md').toBeDefined();
    expect(tbGen('diff', '--base-ref', 'main', ...VALUES)).toBe(shown);
  });

  it('render --check fails once the values change without a render, and says how to regenerate', () => {
    writeFileSync(
      join(repo, 'deploy/values.yaml'),
      readFileSync(join(repo, 'deploy/values.yaml'), 'utf8').replace('concurrency: 12', 'concurrency: 16'),
    );
    const r = step('render-check');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deploy\/manifests\/task-worker-urgent-deployment\.yaml: differs\n[^]*regenerate it with: tb-gen render/);
    git('checkout', '-q', '--', 'deploy/values.yaml');
  });
});
