// Exit paths that are not a drain: an uncaught exception (`fatal`) and a failed start
// (`start_failed`) exit 1, and neither loses a line that was still buffered.
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runWorker, TEST_APP, workerRig } from '../helpers/worker.js';

const rig = workerRig();
const { queue, start } = rig.setup('exits', { TASK_BACKEND_WORKER_NAME: 'w-exit' });

describe('exits other than a drain', () => {
  it('an uncaught exception logs fatal after the completion before it, and exits 1', async () => {
    const app = resolve(ROOT, 'test/worker/fixtures/crash-app.mjs');
    const w = start([`--app=${app}`, '--health-port=0']);
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    const job = await queue('crash').add('crash_later', {});
    expect((await w.exited).code).toBe(1);
    const events = w.logs.map((l) => l.event);
    expect(events.slice(-2)).toEqual(['job_completed', 'fatal']); // the batched completion was written first
    expect(w.logs.at(-2)).toMatchObject({ jobId: job.id, worker: 'w-exit', profile: '-' });
    expect(w.logs.at(-1)).toMatchObject({
      level: 'error',
      error: 'boom outside the handler',
      stack: expect.stringMatching(/crash-app/) as unknown,
    });
  });

  it('an app that calls process.exit still gets the buffered lines written: the completion before it is the last line', async () => {
    const app = resolve(ROOT, 'test/worker/fixtures/exit-app.mjs');
    const w = start([`--app=${app}`, '--health-port=0']);
    await w.waitForLog((l) => l.event === 'ready', 'ready');
    const q = queue('quits');
    const noop = await q.add('noop', {});
    await q.add('quit', {});
    expect((await w.exited).code).toBe(7);
    expect(w.logs.at(-1)).toMatchObject({ event: 'job_completed', task: 'noop', jobId: noop.id, worker: 'w-exit' });
    await q.close();
  });

  it('a usage error is written whole before exit 2, however long: every line, then the hint', async () => {
    const bad = Array.from({ length: 3000 }, (_, i) => `--no-such-flag-${i}=x`);
    const r = await runWorker(bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines.at(-1)).toBe(''); // ends with a newline
    expect(lines.at(-2)).toBe("Run 'task-backend-worker --help' for usage.");
    expect(lines.slice(0, -2)).toEqual(bad.map((b) => `task-backend-worker: error: unknown argument '${b}'`));
  });

  it('a health port in use fails the start: start_failed, exit 1, with the lines before it', async () => {
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const w = start([`--app=${TEST_APP}`, '--tasks=echo,sleep', `--health-port=${port}`]); // all of queue alpha: no routing_warning
      expect((await w.exited).code).toBe(1);
      expect(w.logs.map((l) => l.event)).toEqual(['starting', 'start_failed']);
      expect(w.logs[1]).toMatchObject({ level: 'error', error: expect.stringMatching(/EADDRINUSE/) as unknown });
    } finally {
      taken.close();
    }
  });
});
