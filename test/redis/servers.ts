// Real Redis topologies for the tests, on loopback free ports, stopped by PID: Debian's
// redis-server (TLS, ACL, replicas, cluster mode) and redis-sentinel, and an openssl CA.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort, portOpen, waitUntil } from '../helpers/worker.js';

/** A server process we started, and how to stop it. */
export interface Server {
  port: number;
  proc: ChildProcess;
  dir: string;
}

const started: Server[] = [];

/** A private directory for one test file's servers and certificates. */
export const workDir = (label: string): string => mkdtempSync(join(tmpdir(), `tb-redis-${label}-`));

/** Start `redis-server` (or `redis-sentinel`) with a config file; resolves once the port answers. */
export async function startServer(dir: string, lines: string[], opts: { sentinel?: boolean; port?: number } = {}): Promise<Server> {
  const port = opts.port ?? (await freePort());
  const conf = join(dir, `${opts.sentinel ? 'sentinel' : 'redis'}-${port}.conf`);
  const base = [`bind 127.0.0.1`, `dir ${dir}`, `save ""`, `appendonly no`, `protected-mode no`];
  const portLines = lines.some((l) => l.startsWith('tls-port')) ? ['port 0'] : [`port ${port}`];
  writeFileSync(conf, [...base, ...portLines, ...lines.map((l) => l.replaceAll('$PORT', String(port)))].join('\n') + '\n');
  const bin = opts.sentinel ? '/usr/bin/redis-sentinel' : '/usr/bin/redis-server';
  const proc = spawn(bin, [conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const server = { port, proc, dir };
  started.push(server);
  await waitUntil(() => proc.exitCode === null && portOpen(port), `${bin} on ${port}: ${err}`, 10_000);
  return server;
}

/** SIGKILL one server by its PID and wait for it to be gone. */
export async function kill(s: Server): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const gone = new Promise((r) => s.proc.once('exit', r));
  s.proc.kill('SIGKILL');
  await gone;
}

/** Stop every server this file started. */
export async function stopAll(): Promise<void> {
  await Promise.all(started.splice(0).map(kill));
}

/** A CA, a server certificate for 127.0.0.1/localhost (and `extraIps`) and a client certificate, made with openssl. */
export interface Certs {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A second CA that signed nothing here: trusting it must fail. */
  otherCa: string;
}

export function makeCerts(dir: string, extraIps: string[] = []): Certs {
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  for (const ca of ['ca', 'other-ca'])
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      f(`${ca}.key`),
      '-out',
      f(`${ca}.crt`),
      '-days',
      '2',
      '-subj',
      `/CN=${ca}`,
    );
  const leaf = (name: string, ext: string) => {
    ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', `/CN=${name}`);
    writeFileSync(f(`${name}.ext`), ext);
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.crt'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-out',
      f(`${name}.crt`),
      '-days',
      '2',
      '-extfile',
      f(`${name}.ext`),
    );
  };
  const ips = ['127.0.0.1', ...extraIps].map((ip) => `IP:${ip}`).join(',');
  leaf('server', `subjectAltName=${ips},DNS:localhost\nextendedKeyUsage=serverAuth\n`);
  leaf('client', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.crt'),
    serverCert: f('server.crt'),
    serverKey: f('server.key'),
    clientCert: f('client.crt'),
    clientKey: f('client.key'),
    otherCa: f('other-ca.crt'),
  };
}

/** redis.conf lines for a TLS-only server with these certificates. */
export const tlsLines = (c: Certs, authClients: boolean): string[] => [
  'tls-port $PORT',
  `tls-cert-file ${c.serverCert}`,
  `tls-key-file ${c.serverKey}`,
  `tls-ca-cert-file ${c.ca}`,
  `tls-auth-clients ${authClients ? 'yes' : 'no'}`,
];

/** A plain admin client to a plain server (for setup and counting). */
export const admin = (port: number, extra: RedisOptions = {}): Redis =>
  new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, ...extra });

/** An admin client to a plain server, or over TLS trusting the test CA. */
export const adminTo = (port: number, tls?: Certs): Redis => admin(port, tls ? { tls: { ca: readFileSync(tls.ca) } } : {});

/** One master, two replicas and three sentinels monitoring it as `mymaster` (quorum 2). */
export interface SentinelGroup {
  master: Server;
  replicas: Server[];
  sentinels: Server[];
  masterName: string;
}

/**
 * Start the group; `masterLines` go to every data node (a replica may become the master). With
 * `tls`, every server and sentinel listens on a TLS port only and replicates and monitors over TLS.
 */
export async function startSentinelGroup(dir: string, masterLines: string[] = [], tls?: Certs): Promise<SentinelGroup> {
  const masterName = 'mymaster';
  const tlsOnly = tls ? [...tlsLines(tls, false), 'tls-replication yes'] : [];
  const data = [...tlsOnly, ...masterLines];
  const admin = (port: number) => adminTo(port, tls);
  const master = await startServer(dir, data);
  const replicas = [
    await startServer(dir, [...data, `replicaof 127.0.0.1 ${master.port}`]),
    await startServer(dir, [...data, `replicaof 127.0.0.1 ${master.port}`]),
  ];
  const sentinels: Server[] = [];
  for (let i = 0; i < 3; i++)
    sentinels.push(
      await startServer(
        dir,
        [
          ...tlsOnly,
          // The sentinels' own account of a failover (+sdown, +odown, +switch-master), kept beside their config.
          `logfile ${dir}/sentinel-$PORT.log`,
          `sentinel monitor ${masterName} 127.0.0.1 ${master.port} 2`,
          `sentinel down-after-milliseconds ${masterName} 1000`,
          `sentinel failover-timeout ${masterName} 5000`,
          `sentinel parallel-syncs ${masterName} 2`,
        ].filter(Boolean),
        { sentinel: true },
      ),
    );
  // Replicas in sync and every sentinel seeing both replicas and the other sentinels.
  const m = admin(master.port);
  await waitUntil(async () => /connected_slaves:2/.test(await m.info('replication')), 'two replicas connected', 15_000, 100);
  m.disconnect();
  for (const s of sentinels) {
    const c = admin(s.port);
    await waitUntil(
      async () => {
        const masters = (await c.call('SENTINEL', 'MASTERS')) as string[][];
        const info: string[] = masters[0] ?? [];
        const f: Record<string, string> = {};
        for (let i = 0; i + 1 < info.length; i += 2) f[info[i] as string] = info[i + 1] as string;
        return f['num-slaves'] === '2' && f['num-other-sentinels'] === '2';
      },
      `sentinel ${s.port} sees the group`,
      15_000,
      100,
    );
    c.disconnect();
  }
  return { master, replicas, sentinels, masterName };
}

/** Three masters and three replicas (cluster-replicas 1), slots assigned by redis-cli. */
export async function startCluster(dir: string): Promise<Server[]> {
  const nodes: Server[] = [];
  for (let i = 0; i < 6; i++)
    nodes.push(
      await startServer(dir, ['cluster-enabled yes', `cluster-config-file nodes-$PORT.conf`, 'cluster-node-timeout 1000'], {
        port: await busablePort(),
      }),
    );
  execFileSync(
    'redis-cli',
    ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-replicas', '1', '--cluster-yes'],
    {
      stdio: 'pipe',
    },
  );
  const c = admin(nodes[0]?.port ?? 0);
  await waitUntil(async () => /cluster_state:ok/.test(String(await c.call('CLUSTER', 'INFO'))), 'cluster state ok', 20_000, 100);
  c.disconnect();
  // A replica can take over only once it has synced: wait for every link to be up.
  for (const n of nodes) {
    const r = admin(n.port);
    await waitUntil(
      async () => /role:master[\s\S]*connected_slaves:1|master_link_status:up/.test(await r.info('replication')),
      `node ${n.port} replicating`,
      20_000,
      100,
    );
    r.disconnect();
  }
  return nodes;
}

// A cluster node also listens on its port + 10000 (the cluster bus): both must be free and below 65536.
async function busablePort(): Promise<number> {
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * 12_000); // port and bus below the ephemeral range (32768-)
    if (!(await portOpen(port)) && !(await portOpen(port + 10_000))) return port;
  }
}

/** The node that is master for `key`'s slot now. */
export async function masterOf(nodes: Server[], key: string): Promise<Server> {
  const c = admin(nodes[0]?.port ?? 0);
  const slot = Number(await c.call('CLUSTER', 'KEYSLOT', key));
  const ranges = (await c.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
  c.disconnect();
  const port = ranges.find(([a, b]) => slot >= a && slot <= b)?.[2][1];
  const node = nodes.find((n) => n.port === port);
  if (!node) throw new Error(`no master for slot ${slot}`);
  return node;
}
