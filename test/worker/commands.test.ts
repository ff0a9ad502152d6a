// The worker binary as a shell runs it: --version, --help, --list-tasks --values (read back by
// tb-gen), its prefix at start and in --print-config, and its refusal when the app's routing
// differs from the flags' (task-backend-enqueue: test/producer/enqueue-cli.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV, TUNING_ENV } from '../../src/contract/env.js';
import { gen } from '../helpers/run.js';
import { EXAMPLE_APP, REDIS_URL, ROOT, runWorker, startWorker, workerRig } from '../helpers/worker.js';

const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const { prefix } = workerRig().setup('commands');

describe('task-backend-worker', () => {
  it('--version prints the package version', async () => {
    expect(await runWorker(['--version'])).toEqual({ code: 0, stdout: `task-backend-worker ${VERSION}\n`, stderr: '' });
  });

  it('--help shows each default and every variable it reads', async () => {
    const { stdout } = await runWorker(['--help']);
    expect(stdout).toMatch(/--shutdown-timeout=N .*\(default 25 s\)/);
    expect(stdout).toMatch(/--health-port=N .*\(default 8080\)/);
    expect(stdout).toMatch(/--concurrency=N .*else 1\)/);
    for (const name of [...Object.values(ENV), ...Object.values(TUNING_ENV)]) expect(stdout).toMatch(new RegExp(`^  ${name} .*\\S`, 'm'));
    expect(stdout).toMatch(/TASK_BACKEND_LOCK_DURATION_MS +BullMQ lockDuration in ms \(default 30000\)/);
  });

  it('--list-tasks --values is a tasks: catalogue tb-gen reads back as the app routes', async () => {
    const r = await runWorker([`--app=${EXAMPLE_APP}`, '--list-tasks', '--values']);
    expect(r.code, r.stderr).toBe(0);
    const doc = parse(r.stdout, { version: '1.1' }) as { tasks: Record<string, { queue: string }> };
    expect(doc.tasks).toEqual(parse(readFileSync(join(ROOT, 'examples/app/tasks.yaml'), 'utf8')));
    const checked = gen([
      { name: 'tasks.yaml', text: r.stdout },
      { name: 'values.yaml', text: 'taskConfig: { backend_type: bullmq }\nworkers:\n  ml: { tasks: [ml_training, model_inference] }\n' },
    ]);
    expect(checked.diagnostics.map((d) => `${d.code} ${d.message}`)).toContain(
      'QUEUE_SHARED_WITH_REFUSED_TASK worker `ml` consumes queue `ml_queue`, but refuses `large_data_processing` routed to it; those jobs would fail there',
    );
  });

  const formats: Array<[string[], string]> = [
    [['--values'], '--values needs --list-tasks'],
    [['--json'], '--json needs --list-tasks'],
    [['--json', '--values'], '--json and --values need --list-tasks'],
    [
      ['--list-tasks', '--json', '--values'],
      "--list-tasks takes --json or --values, not both: --json prints the routing table as JSON, --values the values file's tasks: catalogue",
    ],
  ];
  it.each(formats)('%j: exit 2, %s', async (flags, message) => {
    const r = await runWorker([`--app=${EXAMPLE_APP}`, ...flags]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      '',
      `task-backend-worker: error: ${message}\nRun 'task-backend-worker --help' for usage.\n`,
    ]);
  });

  it('--json and --values need --list-tasks', async () => {
    const r = await runWorker([`--app=${EXAMPLE_APP}`, '--values']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--values needs --list-tasks/);
  });

  it('shows its BullMQ prefix in --print-config and logs it at start', async () => {
    const printed = await runWorker([`--app=${EXAMPLE_APP}`, '--tasks=extract_data', '--print-config'], { TASK_BACKEND_PREFIX: prefix });
    expect(JSON.parse(printed.stdout)).toMatchObject({ prefix });
    const w = startWorker([`--app=${EXAMPLE_APP}`, '--tasks=extract_data', '--health-port=0'], {
      TASK_BACKEND_PREFIX: prefix,
      TASK_BACKEND_BROKER_URL: REDIS_URL,
    });
    try {
      expect(await w.waitForLog((l) => l.event === 'starting', 'starting')).toMatchObject({
        prefix,
        worker: expect.any(String) as unknown,
        profile: '-',
      });
      await w.waitForLog((l) => l.event === 'ready', 'ready');
    } finally {
      w.kill('SIGTERM');
      await w.exited;
    }
  });

  it('refuses flags written for another routing, listing each task the app registers elsewhere', async () => {
    const r = await runWorker([`--app=${EXAMPLE_APP}`, '--tasks=ml_training,model_inference', '--queues=ml_training,model_inference']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown queue 'ml_training' in --queues/);
    expect(r.stderr).toMatch(
      /task 'ml_training' in --tasks is registered on queue 'ml_queue', which --queues \(ml_training, model_inference\) does not name/,
    );
    expect(r.stderr).toMatch(/--list-tasks --values/);
    expect(r.stderr).not.toMatch(/model_inference' in --tasks is registered/); // it is where the flags say
  });

  it('refuses a listed task on a queue it does not consume, even when every queue exists', async () => {
    // extract_data is on file_processing; ml_training is on ml_queue, which --queues leaves out.
    const r = await runWorker([`--app=${EXAMPLE_APP}`, '--tasks=extract_data,ml_training', '--queues=file_processing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /task 'ml_training' in --tasks is registered on queue 'ml_queue', which --queues \(file_processing\) does not name/,
    );
    expect(r.stderr).not.toMatch(/'extract_data' in --tasks/);
  });

  it('starts when the leaving out is on purpose: --exclude-queues', async () => {
    const r = await runWorker([`--app=${EXAMPLE_APP}`, '--tasks=extract_data,ml_training', '--exclude-queues=ml_queue', '--print-config']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ queues: ['file_processing'] });
  });
});
