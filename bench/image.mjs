// Image figures for bench/README.md: build time cold and warm, image and archive size, and the
// container's start to ready against the same worker as a host process. Needs `make build`,
// podman (scripts/image-build.sh installs it) and Redis. Run: make bench-image (BENCH_RUNS=9).
// Not part of `make bench`: the cold build throws away this image's caches.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { fmt, median } from './lib.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const env = { ...process.env, CONTAINERS_CONF: `${ROOT}.image/containers.conf` };
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
// The chart's restrictions as podman flags (image/run-restricted.json, shared with test/image).
const RESTRICTED = JSON.parse(readFileSync(`${ROOT}image/run-restricted.json`, 'utf8'));

/** Run to completion; wall time in ms and stdout. Throws with stderr on failure. */
function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}
const build = (...args) => timed('scripts/image-build.sh', args);
const image = build().stdout.trim();
const s = (ms) => `${fmt(ms / 1000)} s`;

// --- Build times. Cold: no download or dependency cache of ours, no podman layer reused (npm's
// own cache in ~/.npm may be warm; a fresh machine also spends ~30 s installing podman).
rmSync(`${ROOT}.image/cache`, { recursive: true, force: true });
const cold = build('--no-cache').ms;
const upToDate = median(Array.from({ length: 3 }, () => build().ms));
const cached = median(Array.from({ length: 3 }, () => build('--force').ms));
// A one-line change to the compiled code: only the package layers are rebuilt.
const file = `${ROOT}dist/examples/app/index.js`;
const original = readFileSync(file);
let codeChange;
try {
  writeFileSync(file, Buffer.concat([original, Buffer.from(`// bench ${randomBytes(4).toString('hex')}\n`)]));
  codeChange = build().ms;
} finally {
  writeFileSync(file, original);
}
build(); // back to the committed inputs (cache hit)

// --- Size: uncompressed in podman's store, per layer, and the saved OCI archive (gzip layers).
const size = Number(timed('podman', ['image', 'inspect', '--format', '{{.Size}}', image]).stdout);
const layers = timed('podman', ['history', '--format', '{{.Size}}\t{{.CreatedBy}}', image])
  .stdout.split('\n')
  .filter((l) => l && !l.startsWith('0 B'))
  .map((l) => l.replace(/\/bin\/sh -c #\(nop\) /, '').slice(0, 70));
const archive = `${ROOT}.image/bench.oci.tar`;
const save = build('--save', archive).ms - upToDate;
const archiveMB = statSync(archive).size / 1e6;
rmSync(archive);

// --- Start to ready: `podman run -d` (or spawning node) to the first 200 from /readyz, then
// SIGTERM to exit; the same worker, args and Redis, alternated.
const freePort = () =>
  new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
async function untilReady(port) {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
async function once(inContainer) {
  const port = await freePort();
  const prefix = `tbimg-bench-${randomBytes(4).toString('hex')}`;
  const args = ['--tasks=extract_data', `--health-port=${port}`];
  const name = `tb-image-bench-${prefix.slice(-8)}`;
  const t0 = performance.now();
  let stop;
  if (inContainer) {
    spawnSync(
      'podman',
      [
        'run',
        '-d',
        '--name',
        name,
        ...RESTRICTED,
        '-e',
        `TASK_BACKEND_BROKER_URL=${REDIS_URL}`,
        '-e',
        `TASK_BACKEND_PREFIX=${prefix}`,
        image,
        ...args,
      ],
      { env },
    );
    stop = () => {
      spawnSync('podman', ['stop', '-t', '30', name], { env });
      spawnSync('podman', ['rm', name], { env });
    };
  } else {
    const p = spawn(process.execPath, [`${ROOT}dist/src/worker/main.js`, ...args], {
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH,
        TASK_BACKEND_APP: `${ROOT}dist/examples/app/index.js`,
        TASK_BACKEND_BROKER_URL: REDIS_URL,
        TASK_BACKEND_PREFIX: prefix,
      },
    });
    const exited = new Promise((r) => p.once('exit', r));
    stop = async () => {
      p.kill('SIGTERM');
      await exited;
    };
  }
  await untilReady(port);
  const ready = performance.now() - t0;
  const t1 = performance.now();
  await stop();
  spawnSync('sh', [
    '-c',
    `redis-cli -u "${REDIS_URL}" --scan --pattern '${prefix}:*' | xargs -r redis-cli -u "${REDIS_URL}" del >/dev/null`,
  ]);
  return { ready, stop: performance.now() - t1 };
}
const runs = { container: [], host: [] };
for (let i = 0; i < RUNS; i++) for (const where of ['container', 'host']) runs[where].push(await once(where === 'container'));
const med = (where, k) => median(runs[where].map((r) => r[k]));
const oneShot = median(Array.from({ length: RUNS }, () => timed('podman', ['run', '--rm', ...RESTRICTED, image, '--list-tasks']).ms));
const oneShotHost = median(
  Array.from(
    { length: RUNS },
    () => timed(process.execPath, ['dist/src/worker/main.js', '--app', 'dist/examples/app/index.js', '--list-tasks']).ms,
  ),
);

console.log(`${image}, ${new Date().toISOString().slice(0, 10)}, medians of ${RUNS}`);
console.log(
  `build: cold ${s(cold)}, unchanged (reused) ${s(upToDate)}, forced with every layer cached ${s(cached)}, one-line code change ${s(codeChange)}`,
);
console.log(`size: ${fmt(size / 1e6)} MB in podman's store, OCI archive ${fmt(archiveMB)} MB (saved in ${s(save)})`);
for (const l of layers.reverse()) console.log(`  layer ${l}`);
console.log(`start to ready: container ${fmt(med('container', 'ready'), 0)} ms, host process ${fmt(med('host', 'ready'), 0)} ms`);
console.log(
  `SIGTERM to exit: container (podman stop + rm) ${fmt(med('container', 'stop'), 0)} ms, host process ${fmt(med('host', 'stop'), 0)} ms`,
);
console.log(`--list-tasks: podman run --rm ${fmt(oneShot, 0)} ms, host process ${fmt(oneShotHost, 0)} ms`);
