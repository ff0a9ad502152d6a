// The broker URL as every part reads it: task-backend-worker (TASK_BACKEND_BROKER_URL), the
// producers (their `connection` URL) and task-backend-enqueue accept the same forms and print it the
// same way, password hidden (by redact.ts, as tb-gen's review output hides it), otherwise exactly as given.

import { redact } from './redact.js';

export { redact };

/** The URL schemes a broker URL may have: plain and TLS Redis. */
export const BROKER_SCHEMES = ['redis:', 'rediss:'] as const;

/** A Celery broker on RabbitMQ (amqp://, amqps://): the celery backend's other transport. */
export const isAmqpUrl = (url: string): boolean => /^amqps?:/i.test(url);

/** Why `url` is not a broker URL the worker and producers accept, or undefined when it is. */
export function brokerUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return `expected a redis:// or rediss:// URL, got '${redact(url)}'`;
  }
  if (!(BROKER_SCHEMES as readonly string[]).includes(u.protocol)) {
    return `expected a redis:// or rediss:// URL, got '${redact(url)}' (scheme ${u.protocol.replace(/:$/, '')})`;
  }
  // An unencoded '/' in the password ends the host early: the rest of the password is in the path.
  if (u.pathname.includes('@')) return `'${redact(url)}': a '/' or '@' in the user or password must be percent-encoded (%2F, %40)`;
  if (u.hostname === '') return `expected a host in '${redact(url)}', as in redis://HOST:6379/0`;
  if (!/^(\/\d*)?$/.test(u.pathname)) {
    return `'${redact(url)}': the path is the database number, as in redis://HOST:6379/0, not '${u.pathname}'`;
  }
  return undefined;
}
