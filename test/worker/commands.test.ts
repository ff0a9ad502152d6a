// The shipped commands as a shell runs them: task-backend-enqueue against the real Redis, and the
// worker's --version, --help, --list-tasks --values (read back by tb-gen), its prefix at start and
// in --print-config, and its refusal when the app's routing differs from the flags'.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV, TUNING_ENV } from '../../src/contract/env.js';
import { gen } from '../helpers/run.js';
import { cleanPrefix, EXAMPLE_APP, REDIS_URL, requireBuild, ROOT, runWorker, startWorker, uniquePrefix } from './helpers.js';

const ENQUEUE = join(ROOT, 'dist/src/worker/enqueue-main.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const prefix = uniquePrefix('commands');
const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });

/** Run task-backend-enqueue with stdin; the environment is the test's alone (PATH aside). */
function enqueueCmd(argv: string[], env: Record<string, string> = {}, stdin = '') {
  const proc = spawn(process.execPath, [ENQUEUE, ...argv], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', TASK_BACKEND_BROKER_URL: REDIS_URL, TASK_BACKEND_PREFIX: prefix, ...env },
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  proc.stdin.end(stdin);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((res) =>
    proc.once('close', (code) => res({ code, stdout, stderr })),
  );
}

beforeAll(() => requireBuild());
afterAll(async () => {
  await cleanPrefix(prefix);
  redis.disconnect();
});

describe('task-backend-enqueue', () => {
  it('enqueues by task name from the catalogue, with JSON data and BullMQ options, and says where', async () => {
    const r = await enqueueCmd([
      'extract_data',
      '{"csv":"x,y"}',
      '--catalogue',
      'examples/app/tasks.yaml',
      '--opts',
      '{"jobId":"cli-1","priority":2,"attempts":4}',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ event: 'enqueued', task: 'extract_data', queue: 'file_processing', jobId: 'cli-1', prefix });
    expect(JSON.parse(r.stderr)).toMatchObject({ event: 'producer_started', prefix, url: REDIS_URL }); // as given
    const job = await new Queue('file_processing', { connection: redis, prefix }).getJob('cli-1');
    expect([job?.name, job?.data, job?.opts.priority, job?.opts.attempts]).toEqual(['extract_data', { csv: 'x,y' }, 2, 4]);
  });

  it("reads DATA from stdin and routes by the app's registry (--app, as in a worker's container)", async () => {
    const r = await enqueueCmd(['ml_training', '-', '--opts', '{"jobId":"cli-2"}'], { TASK_BACKEND_APP: EXAMPLE_APP }, '{"rows":[1,2]}');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ queue: 'ml_queue', jobId: 'cli-2' });
    expect((await new Queue('ml_queue', { connection: redis, prefix }).getJob('cli-2'))?.data).toEqual({ rows: [1, 2] });
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['no task', ['--catalogue', 'examples/app/tasks.yaml'], /no TASK given/],
    [
      'unquoted JSON split by the shell',
      ['extract_data', '{"csv":', '"a"}', '--catalogue', 'examples/app/tasks.yaml'],
      /unexpected argument '"a"}': DATA is one argument, so quote the JSON/,
    ],
    ['unknown task', ['nope', '--catalogue', 'examples/app/tasks.yaml'], /unknown task 'nope'; known tasks: api_process/],
    ['data that is not JSON', ['extract_data', '{x', '--catalogue', 'examples/app/tasks.yaml'], /DATA is not JSON/],
    [
      'options that are not an object',
      ['extract_data', '{}', '--opts', '[1]', '--catalogue', 'examples/app/tasks.yaml'],
      /--opts must be a JSON object/,
    ],
    ['no routing', ['extract_data'], /no routing: pass --catalogue FILE or --app MODULE/],
    ['a missing catalogue', ['extract_data', '--catalogue', 'nope.yaml'], /nope.yaml/],
    [
      'a values file without a tasks: catalogue',
      ['ml_training', '--catalogue', 'examples/values.yaml'],
      /examples\/values.yaml: a values file \(it has \w+:\) with no tasks: catalogue to route by: add the app's catalogue \(task-backend-worker --list-tasks --values prints it\)/,
    ],
    ['an unknown option', ['extract_data', '--prio=1'], /Unknown option '--prio'/],
  ];
  it.each(usage)('%s is a usage error: exit 2, no stack', async (_l, argv, message) => {
    const r = await enqueueCmd(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  const urls: Array<[string, RegExp]> = [
    [
      'http://u:hunter2@127.0.0.1:6379',
      /TASK_BACKEND_BROKER_URL: expected a redis:\/\/ or rediss:\/\/ URL, got 'http:\/\/u:\*\*\*@127.0.0.1:6379' \(scheme http\)/,
    ],
    ['127.0.0.1:6379', /TASK_BACKEND_BROKER_URL: expected a redis:\/\/ or rediss:\/\/ URL/],
    ['redis://127.0.0.1:6379/jobs', /the path is the database number/],
  ];
  it.each(urls)('a broker URL the worker would refuse (%s) is a usage error here too', async (url, message) => {
    const r = await enqueueCmd(['extract_data', '--catalogue', 'examples/app/tasks.yaml'], { TASK_BACKEND_BROKER_URL: url });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/hunter2|\n\s+at /);
  });

  it('fails with exit 1 when Redis cannot be reached, instead of waiting forever', async () => {
    const r = await enqueueCmd(['extract_data', '--catalogue', 'examples/app/tasks.yaml', '--timeout=1'], {
      TASK_BACKEND_BROKER_URL: 'redis://127.0.0.1:1',
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /error: Redis at redis:\/\/127.0.0.1:1 did not confirm the job within 1 s \(last error: connect ECONNREFUSED 127.0.0.1:1\)/,
    );
  });
});

describe('task-backend-worker', () => {
  it('--version prints the package version', async () => {
    expect(await runWorker(['--version'])).toEqual({ code: 0, stdout: `task-backend-worker ${VERSION}\n`, stderr: '' });
    expect((await enqueueCmd(['--version'])).stdout).toBe(`task-backend-enqueue ${VERSION}\n`);
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
