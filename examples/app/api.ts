// API and notification tasks. The brief's `api-tasks` worker (api_process, webhook_send,
// notification_send) uses the default queue-per-task; the `lightweight` profile's api_tasks and
// notifications sit on api_queue and notification_queue, which that profile consumes.

import { createHash, createHmac } from 'node:crypto';
import { registerTask, type TaskContext } from '../../src/worker/index.js';

/** Normalize an API request: method, path, sorted query, and a digest to deduplicate on. */
export function processApiRequest({
  method = 'GET',
  path = '/',
  query = {},
  body = null,
}: {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  body?: unknown;
}) {
  const sortedQuery = Object.fromEntries(Object.entries(query).sort(([a], [b]) => a.localeCompare(b)));
  const canonical = JSON.stringify({ method: method.toUpperCase(), path, query: sortedQuery, body });
  return { method: method.toUpperCase(), path, query: sortedQuery, digest: createHash('sha256').update(canonical).digest('hex') };
}

/** Sign a webhook payload (HMAC-SHA256) and POST it when a URL is given. */
export async function sendWebhook(
  { url, event = 'ping', payload = {}, secret = 'example-secret' }: { url?: string; event?: string; payload?: unknown; secret?: string },
  ctx?: Pick<TaskContext, 'signal'>,
) {
  const body = JSON.stringify({ event, payload });
  const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  if (!url) return { delivered: false, signature };
  const timeout = AbortSignal.timeout(5_000);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': signature },
    body,
    signal: ctx ? AbortSignal.any([ctx.signal, timeout]) : timeout,
  });
  if (!res.ok) throw new Error(`webhook ${url} answered ${res.status}`);
  return { delivered: true, status: res.status, signature };
}

/** Render `{{name}}` placeholders; a missing variable is an error, not an empty string. */
export function renderNotification({
  to = 'ops@example.com',
  template = 'Hello {{name}}',
  vars = { name: 'there' },
}: {
  to?: string;
  template?: string;
  vars?: Record<string, string>;
}) {
  const message = template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    if (!(key in vars)) throw new Error(`notification: missing variable '${key}'`);
    return String(vars[key]);
  });
  return { to, message };
}

registerTask({ name: 'api_process', handler: processApiRequest });
registerTask({ name: 'webhook_send', handler: sendWebhook });
registerTask({ name: 'notification_send', handler: renderNotification });
registerTask({
  name: 'api_tasks',
  queue: 'api_queue',
  handler: ({ requests = [{}] }: { requests?: Parameters<typeof processApiRequest>[0][] }) => requests.map(processApiRequest),
});
registerTask({
  name: 'notifications',
  queue: 'notification_queue',
  handler: ({
    recipients = ['ops@example.com'],
    template,
    vars,
  }: {
    recipients?: string[];
    template?: string;
    vars?: Record<string, string>;
  }) => recipients.map((to) => renderNotification({ to, template, vars })),
});
