// /livez, /readyz and /metrics. Readiness and liveness are pure functions of a snapshot, so every
// state (connecting, running, Redis gone, wedged, draining) is decided in one testable place.

import { createServer, type Server } from 'node:http';
import { METRICS_PATH, PROBES } from '../contract/defaults.js';

const LIVEZ = PROBES.liveness.path;
const READYZ = PROBES.readiness.path;

/** Where the process is in its life. */
export type Phase = 'connecting' | 'starting' | 'running' | 'draining';

/** One consumer's fetch loop, as seen from outside. */
export interface ConsumerState {
  queue: string;
  running: boolean;
  heartbeatAt: number;
}

/** Everything readiness and liveness depend on. */
export interface Snapshot {
  phase: Phase;
  redisReady: boolean;
  /** Why Redis cannot serve the queues although the client is up (a Cluster master down): the reason. */
  redisProblem?: string;
  /** Redis answers but refuses what BullMQ needs (an ACL without the rights): the reason. */
  redisRefused?: string;
  consumers: ConsumerState[];
  /** All slots taken: consumers are legitimately not fetching. */
  saturated: boolean;
  now: number;
  /** A fetch loop silent this long (with free slots and Redis up) is wedged. */
  staleAfterMs: number;
}

/** A verdict and its reasons, served as the probe's body. */
export interface Verdict {
  ok: boolean;
  reasons: string[];
}

/** An idle fetch loop reports every drainDelay (5 s), a rate-limited one within 30 s; a minute of silence is a wedge. */
export const STALE_AFTER_MS = 60_000;
/** Liveness fails only after a wedge has lasted this many times longer, so a restart is a last resort. */
export const LIVENESS_FACTOR = 4;

/** Ready: running, Redis connected, every consumer running and its fetch loop making progress. */
export function readiness(s: Snapshot): Verdict {
  const reasons: string[] = [];
  if (s.phase !== 'running') reasons.push(`phase is ${s.phase}`);
  if (!s.redisReady) reasons.push(s.redisProblem ? `redis not connected: ${s.redisProblem}` : 'redis not connected');
  if (s.redisRefused) reasons.push(`redis refuses this user: ${s.redisRefused}`);
  for (const c of s.consumers) {
    if (!c.running) reasons.push(`consumer for queue '${c.queue}' is not running`);
  }
  if (s.phase === 'running' && s.redisReady) reasons.push(...stale(s, s.staleAfterMs));
  return { ok: reasons.length === 0, reasons };
}

/** Alive unless a fetch loop has been wedged for a long time while Redis is fine. */
export function liveness(s: Snapshot): Verdict {
  if (s.phase !== 'running' || !s.redisReady) return { ok: true, reasons: [] };
  const reasons = stale(s, s.staleAfterMs * LIVENESS_FACTOR);
  return { ok: reasons.length === 0, reasons };
}

function stale(s: Snapshot, limitMs: number): string[] {
  if (s.saturated) return [];
  return s.consumers
    .filter((c) => s.now - c.heartbeatAt > limitMs)
    .map((c) => `fetch loop for queue '${c.queue}' silent for ${Math.round((s.now - c.heartbeatAt) / 1000)} s`);
}

/** Start the HTTP endpoints; resolves once listening, rejects on e.g. EADDRINUSE. */
export function serveHealth(port: number, snapshot: () => Snapshot, metrics: () => Promise<string>): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed\n');
    if (path === LIVEZ || path === READYZ) {
      const v = (path === LIVEZ ? liveness : readiness)(snapshot());
      return send(v.ok ? 200 : 503, JSON.stringify({ status: v.ok ? 'ok' : 'unavailable', reasons: v.reasons }) + '\n', 'application/json');
    }
    if (path === METRICS_PATH) {
      metrics().then(
        (text) => send(200, text, 'text/plain; version=0.0.4; charset=utf-8'),
        (err) => send(500, `metrics failed: ${(err as Error).message}\n`),
      );
      return;
    }
    send(404, `not found: try ${LIVEZ} ${READYZ} ${METRICS_PATH}\n`);
  });
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
