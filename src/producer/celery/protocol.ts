// Celery's message protocol 2, as Python Celery 5 writes it (platform-notes: "Celery's wire
// protocol"): an envelope with `headers` (task, id, eta, expires, ...), `properties` (delivery
// tag, priority, delivery_info) and a JSON body `[args, kwargs, embed]`, base64 in Redis and raw
// over AMQP. Decoding never throws: a message we cannot read is reported with its reason.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** The envelope as kombu serializes it into a Redis list (AMQP carries the same parts natively). */
export interface Envelope {
  body: string;
  'content-encoding': string;
  'content-type': string;
  headers: Record<string, unknown>;
  properties: Record<string, unknown> & { delivery_info?: { exchange?: string; routing_key?: string }; delivery_tag?: string };
}

/** One task message, decoded. */
export interface CeleryTask {
  id: string;
  task: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
  /** Epoch ms; undefined when due now. */
  eta?: number;
  /** Epoch ms after which the task must not run. */
  expires?: number;
  ignoreResult: boolean;
  retries: number;
}

/** A decoded task, or why the message is not one this worker can run. */
export type Decoded = { ok: true; task: CeleryTask } | { ok: false; id?: string; task?: string; reason: string };

/** Decode headers plus a body (a string, base64 when `base64`), as both transports hand them over. */
export function decodeTask(headers: Record<string, unknown>, contentType: string, body: string | Buffer, base64: boolean): Decoded {
  const id = typeof headers.id === 'string' ? headers.id : undefined;
  const task = typeof headers.task === 'string' ? headers.task : undefined;
  if (!id || !task) return { ok: false, id, task, reason: 'not a Celery protocol 2 message (headers.task and headers.id missing)' };
  if (contentType !== 'application/json') {
    return { ok: false, id, task, reason: `content type '${contentType}' is not supported (set task_serializer='json')` };
  }
  let parsed: unknown;
  try {
    const text = typeof body === 'string' ? (base64 ? Buffer.from(body, 'base64').toString('utf8') : body) : body.toString('utf8');
    parsed = JSON.parse(text);
  } catch (err) {
    return { ok: false, id, task, reason: `body is not JSON: ${(err as Error).message}` };
  }
  const [args, kwargs] = (Array.isArray(parsed) ? parsed : []) as unknown[];
  if (!Array.isArray(args) || typeof kwargs !== 'object' || kwargs === null || Array.isArray(kwargs)) {
    return { ok: false, id, task, reason: 'body is not [args, kwargs, embed]' };
  }
  return {
    ok: true,
    task: {
      id,
      task,
      args,
      kwargs: kwargs as Record<string, unknown>,
      eta: time(headers.eta),
      expires: time(headers.expires),
      ignoreResult: headers.ignore_result === true,
      retries: typeof headers.retries === 'number' ? headers.retries : 0,
    },
  };
}

/** An ISO time as Celery writes it (microseconds, +00:00, or naive meaning UTC) to epoch ms. */
export function time(v: unknown): number | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(v) ? v : `${v}Z`;
  const ms = Date.parse(zoned);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Epoch ms as Celery writes eta/expires: ISO with microseconds and +00:00. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
}

/** What a producer says about one task. */
export interface NewTask {
  task: string;
  queue: string;
  args?: unknown[];
  kwargs?: Record<string, unknown>;
  id?: string;
  /** 0-9; in Redis a lower number is served first, over AMQP a higher one (as in Celery). */
  priority?: number;
  eta?: number;
  expires?: number;
  ignoreResult?: boolean;
}

/** Headers, properties and the JSON body of a protocol 2 message, as Python's send_task makes them. */
export function buildTask(t: NewTask): { id: string; headers: Record<string, unknown>; properties: Envelope['properties']; body: string } {
  const id = t.id ?? randomUUID();
  const args = t.args ?? [];
  const kwargs = t.kwargs ?? {};
  const headers = {
    lang: 'js',
    task: t.task,
    id,
    shadow: null,
    eta: t.eta === undefined ? null : isoTime(t.eta),
    expires: t.expires === undefined ? null : isoTime(t.expires),
    group: null,
    group_index: null,
    retries: 0,
    timelimit: [null, null],
    root_id: id,
    parent_id: null,
    argsrepr: JSON.stringify(args),
    kwargsrepr: JSON.stringify(kwargs),
    origin: `${process.pid}@${hostname()}`,
    ignore_result: t.ignoreResult === true,
  };
  const properties = {
    correlation_id: id,
    reply_to: randomUUID(),
    delivery_mode: 2,
    delivery_info: { exchange: '', routing_key: t.queue },
    priority: t.priority ?? 0,
    body_encoding: 'base64',
    delivery_tag: randomUUID(),
  };
  const body = JSON.stringify([args, kwargs, { callbacks: null, errbacks: null, chain: null, chord: null }]);
  return { id, headers, properties, body };
}

/** The Redis list item: the envelope with its body in base64, as kombu LPUSHes it. */
export function redisEnvelope(m: ReturnType<typeof buildTask>): string {
  const env: Envelope = {
    body: Buffer.from(m.body, 'utf8').toString('base64'),
    'content-encoding': 'utf-8',
    'content-type': 'application/json',
    headers: m.headers,
    properties: m.properties,
  };
  return JSON.stringify(env);
}
