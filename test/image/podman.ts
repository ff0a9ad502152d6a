// Podman plumbing for the image tests: what is missing (so the tests fail saying so instead of
// skipping), the image built or reused by scripts/image-build.sh, and podman commands run against
// the containers.conf that script writes.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT } from '../helpers/worker.js';

/** The tag the chart renders by default: `task-backend:<appVersion>`. */
export const IMAGE = `task-backend:${/^appVersion:\s*"?([^"\s]+)"?\s*$/m.exec(readFileSync(resolve(ROOT, 'chart/Chart.yaml'), 'utf8'))![1]}`;

/** The restrictions the chart's defaults impose, as podman flags (shared with bench/image.mjs); host network reaches 127.0.0.1. */
export const RESTRICTED: readonly string[] = JSON.parse(readFileSync(resolve(ROOT, 'image/run-restricted.json'), 'utf8')) as string[];

const env = { ...process.env, CONTAINERS_CONF: resolve(ROOT, '.image/containers.conf') };

/** What this machine lacks to build and run the image, or undefined. */
export function missingTools(): string | undefined {
  const tools: Array<[string, string]> = [
    ['podman', 'podman'],
    ['buildah', 'buildah'],
    ['runc', 'runc'],
    ['newuidmap', 'uidmap'],
    ['fuse-overlayfs', 'fuse-overlayfs'],
  ];
  const missing = tools.filter(([cmd]) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0).map(([, pkg]) => pkg);
  if (missing.length === 0) return undefined;
  return `podman cannot run here: missing ${missing.join(', ')}; install them with \`apt-get install -y ${missing.join(' ')}\` (.ci/run does)`;
}

/** Result of a finished command. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to completion and capture it; never throws on a non-zero exit. */
export function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((res, rej) => {
    const proc = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.once('error', rej);
    proc.once('close', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr });
    });
  });
}

/** `podman ...`; throws with podman's stderr when it fails, unless `allowFail`. */
export async function podman(args: string[], opts: { allowFail?: boolean; timeoutMs?: number } = {}): Promise<Run> {
  const r = await run('podman', args, opts.timeoutMs);
  if (r.code !== 0 && !opts.allowFail) throw new Error(`podman ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r;
}

/** Build the image, or reuse it when its inputs did not change; throws with the script's output. */
export async function ensureImage(): Promise<string> {
  const missing = missingTools();
  if (missing) throw new Error(missing);
  const r = await run(resolve(ROOT, 'scripts/image-build.sh'), [], 600_000);
  if (r.code !== 0) throw new Error(`scripts/image-build.sh exited ${r.code}:\n${r.stderr.slice(-4000)}`);
  return IMAGE;
}

/** Fields of /proc/<pid>/status for a running container's main process, read on the host. */
export async function processStatus(container: string): Promise<Record<string, string>> {
  const pid = (await podman(['inspect', '--format', '{{.State.Pid}}', container])).stdout.trim();
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Object.fromEntries(
    status
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(/:\s*/, 2) as [string, string]),
  );
}
