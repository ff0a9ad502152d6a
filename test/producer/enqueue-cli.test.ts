// task-backend-enqueue as a shell runs it, against the real Redis: routing by a catalogue file or
// by the app's registry, DATA from the argument or stdin, BullMQ options passed through, and every
// mistake a usage error (exit 2) without a stack; a Redis it cannot reach is exit 1, not a hang.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_APP, REDIS_URL, ROOT, runEnqueue, workerRig } from '../helpers/worker.js';

const rig = workerRig();
const { prefix, queue } = rig.setup('enqueue-cli');

/** Run task-backend-enqueue on this file's prefix; the environment is the test's alone (PATH aside). */
const enqueueCmd = (argv: string[], env: Record<string, string> = {}, stdin = '') =>
  runEnqueue(argv, { TASK_BACKEND_BROKER_URL: REDIS_URL, TASK_BACKEND_PREFIX: prefix, ...env }, stdin);

describe('task-backend-enqueue', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(await enqueueCmd(['--version'])).toEqual({ code: 0, stdout: `task-backend-enqueue ${version}\n`, stderr: '' });
  });

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
    const job = await queue('file_processing').getJob('cli-1');
    expect([job?.name, job?.data, job?.opts.priority, job?.opts.attempts]).toEqual(['extract_data', { csv: 'x,y' }, 2, 4]);
  });

  it("reads DATA from stdin and routes by the app's registry (--app, as in a worker's container)", async () => {
    const r = await enqueueCmd(['ml_training', '-', '--opts', '{"jobId":"cli-2"}'], { TASK_BACKEND_APP: EXAMPLE_APP }, '{"rows":[1,2]}');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ queue: 'ml_queue', jobId: 'cli-2' });
    expect((await queue('ml_queue').getJob('cli-2'))?.data).toEqual({ rows: [1, 2] });
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
