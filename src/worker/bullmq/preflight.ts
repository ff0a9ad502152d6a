// Before consuming: can this Redis user do what BullMQ does on the queues' keys? An ACL user without
// the rights would otherwise get "ready" and then fail every fetch in a tight loop; this names the
// missing right and the ACL that grants it, and the runner waits (not ready) until it is granted.

import { bullKey } from '../../contract/keda.js';
import type { RedisClient } from '../../producer/redis-open.js';
import { errorMessage } from '../../producer/settle.js';

/** How long the runner waits before checking the rights again (an operator fixing the ACL needs no restart). */
export const PERMISSION_RETRY_MS = 10_000;

/** The ACL rule that lets a user run BullMQ on `prefix` (BullMQ also reads INFO for the server version). */
export const aclRule = (prefix: string): string => `~${prefix}:* +@all -@dangerous +info`;

/** Why this client cannot run BullMQ on the queues, or undefined when it can (other errors are the connection's). */
export async function permissionProblem(client: RedisClient, prefix: string, queues: readonly string[]): Promise<string | undefined> {
  const checks: Array<[string, () => Promise<unknown>]> = [
    ['INFO', () => client.info('server')],
    ...queues.map((q): [string, () => Promise<unknown>] => {
      const key = bullKey(prefix, q, 'meta');
      return [`HGET ${key}`, () => client.hget(key, 'version')];
    }),
  ];
  for (const [what, run] of checks) {
    try {
      await run();
    } catch (err) {
      const message = errorMessage(err);
      if (/^NOPERM|NOAUTH|WRONGPASS/.test(message)) return `${what}: ${message}`;
    }
  }
  return undefined;
}
