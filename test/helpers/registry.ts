// A real OCI registry for the tests: Debian's docker-registry (the CNCF distribution registry
// 2.8) with its own config file and storage under a temporary directory, on a free loopback port,
// plain HTTP (loopback only, so no TLS: Helm needs --plain-http), stopped by its PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './worker.js';

/** The registry binary Debian's docker-registry package installs. */
export const REGISTRY_BIN = process.env.DOCKER_REGISTRY ?? '/usr/bin/docker-registry';

/** A running registry: its host:port, its directory, and how to stop it. */
export interface Registry {
  host: string;
  dir: string;
  stop: () => void;
}

/** Start a registry and wait until its /v2/ answers 200. */
export async function startRegistry(): Promise<Registry> {
  if (!existsSync(REGISTRY_BIN)) throw new Error(`${REGISTRY_BIN} is missing: apt-get install docker-registry`);
  const dir = mkdtempSync(join(tmpdir(), 'tb-oci-'));
  const port = await freePort();
  const config = join(dir, 'config.yml');
  const yaml = [
    'version: 0.1',
    'log: { level: warn }',
    `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
    `http: { addr: "127.0.0.1:${port}", secret: tb-gen-test }`,
    '',
  ];
  writeFileSync(config, yaml.join('\n'));
  const log = openSync(join(dir, 'registry.log'), 'a');
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', log, log] });
  const host = `127.0.0.1:${port}`;
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`http://${host}/v2/`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return { host, dir, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`docker-registry did not answer on ${host} (exit ${String(child.exitCode)})`);
}
