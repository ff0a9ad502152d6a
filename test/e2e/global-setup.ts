// One real cluster for the end-to-end run: a registry on loopback holding the images and the chart
// (publish.ts), scripts/cluster.sh with NODE=1 (etcd, API server, controller manager, scheduler,
// kubelet on Debian's containerd, which pulls from that registry), KEDA's operator as a host
// process (scripts/keda.sh), and a TCP relay from the pods' bridge (10.244.0.1, host side) to the
// test Redis on 127.0.0.1, which bridge pods cannot reach: their loopback is their own, and
// hostNetwork, which would share it, is refused by Pod Security restricted. Everything is stopped, by PID, in the teardown, also when a test failed.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ProvidedContext } from 'vitest';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../helpers/fixtures.js';
import { startRegistry, type Registry } from '../helpers/registry.js';
import { reapStale } from '../helpers/stale-runs.js';
import { publish, VERSION } from './publish.js';
import { BRIDGE_HOST, relay, type Relay } from './relay.js';

const run = promisify(execFile);
const CLUSTER = join(ROOT, 'scripts/cluster.sh');
const KEDA = join(ROOT, 'scripts/keda.sh');
const RUNS = join(ROOT, '.tools/kube/e2e');

declare module 'vitest' {
  export interface ProvidedContext {
    /** redis:// URL of the test Redis as pods see it (through the relay). */
    podRedisUrl: string;
    /** redis:// URL of the test Redis as the host sees it. */
    hostRedisUrl: string;
    /** Start-up figures: milliseconds, by what was measured. */
    setupFigures: Record<string, number>;
    /** The pushed images as host/name@sha256:..., by name (task-backend, celery-app). */
    images: Record<string, string>;
    /** oci://<registry>/charts/task-worker, and the version to install. */
    chartRef: string;
    chartVersion: string;
  }
}

/** Provide every key, empty when the setup failed, so that each test fails saying why. */
function provideAll(project: TestProject, v: Partial<ProvidedContext>, error: string): void {
  project.provide('kubeconfig', v.kubeconfig ?? '');
  project.provide('clusterError', error);
  project.provide('podRedisUrl', v.podRedisUrl ?? '');
  project.provide('hostRedisUrl', v.hostRedisUrl ?? '');
  project.provide('setupFigures', v.setupFigures ?? {});
  project.provide('images', v.images ?? {});
  project.provide('chartRef', v.chartRef ?? '');
  project.provide('chartVersion', VERSION);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await reapStale(RUNS);
  const state = join(RUNS, String(process.pid));
  const figures: Record<string, number> = {};
  let redisRelay: Relay | undefined;
  let registry: Registry | undefined;
  const teardown = async () => {
    await redisRelay?.close();
    for (const [script, cmd] of [
      [KEDA, 'stop'],
      [CLUSTER, 'down'],
    ] as const) {
      const out = await run(script, [cmd, state]).catch((e: { stdout?: string; stderr?: string }) => e);
      const text = `${out.stdout ?? ''}${out.stderr ?? ''}`.trim();
      if (text) console.log(text);
    }
    registry?.stop();
    rmSync(state, { recursive: true, force: true });
  };
  try {
    let t = Date.now();
    registry = await startRegistry();
    const published = await publish(registry.host, join(state, 'published'));
    figures.publishMs = Date.now() - t;
    // No image archive for the node: the kubelet pulls every image but the pause one from the registry.
    const env = { ...process.env, NODE: '1', NODE_IMAGES: '', NODE_REGISTRIES: registry.host };
    t = Date.now();
    const up = await run(CLUSTER, ['up', state], { timeout: 240_000, env });
    figures.clusterUpMs = Date.now() - t;
    const ready = /Ready (\d+) ms after the kubelet started/.exec(up.stdout);
    if (ready) figures.nodeReadyAfterKubeletMs = Number(ready[1]);
    console.log(up.stdout.trim());
    t = Date.now();
    const keda = await run(KEDA, ['start', state], { timeout: 120_000 });
    figures.kedaReadyMs = Date.now() - t;
    console.log(keda.stdout.trim());
    const hostRedis = new URL(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    redisRelay = await relay(hostRedis.hostname, Number(hostRedis.port || 6379));
    const podRedisUrl = `redis://${BRIDGE_HOST}:${redisRelay.port}`;
    const kubeconfig = join(state, 'kubeconfig');
    console.log(`[e2e figure] setup, ms: ${JSON.stringify(figures)}`);
    provideAll(project, { kubeconfig, podRedisUrl, hostRedisUrl: hostRedis.toString(), setupFigures: figures, ...published }, '');
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    provideAll(project, { setupFigures: figures }, (err.stderr || err.message).trim());
  }
  return teardown;
}
