// Config resolution: precedence (flag > env > profile > default), refusals with exit 2, the
// profiles file format, and the CLI's list/print paths, all in-process.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FLAGS } from '../../src/contract/args.js';
import { prepare, type CliIo } from '../../src/worker/cli.js';
import { resolveBase, resolveConfig, type BaseConfig } from '../../src/worker/config.js';
import { parseProfiles } from '../../src/worker/profiles.js';
import { clearRegistry } from '../../src/producer/registry.js';
import { EXAMPLE_APP, ROOT, requireBuild } from '../helpers/worker.js';

const APP = { TASK_BACKEND_APP: 'app.js' };

describe('resolveBase', () => {
  const ok: Array<[string, Parameters<typeof resolveBase>[0], Record<string, string>, Partial<BaseConfig>]> = [
    ['defaults', {}, APP, { app: 'app.js', brokerUrl: 'redis://127.0.0.1:6379', prefix: 'bull', workerName: 'host-1', profileLabel: '-' }],
    ['flag --app beats env', { app: 'flag.js' }, APP, { app: 'flag.js' }],
    ['flag --backend=bullmq beats env celery', { backend: 'bullmq' }, { ...APP, TASK_BACKEND_TYPE: 'celery' }, { backend: 'bullmq' }],
    ['celery from env, Celery defaults', {}, { ...APP, TASK_BACKEND_TYPE: 'celery' }, { backend: 'celery', visibilityTimeout: 3600 }],
    [
      'celery on RabbitMQ with a result backend and a visibility timeout flag',
      { backend: 'celery', visibilityTimeout: 60 },
      {
        ...APP,
        TASK_BACKEND_BROKER_URL: 'amqp://u:p@rabbit:5672/v',
        TASK_BACKEND_RESULT_BACKEND: 'redis://r:6379/1',
        TASK_BACKEND_VISIBILITY_TIMEOUT: '7',
      },
      { brokerUrl: 'amqp://u:p@rabbit:5672/v', resultBackend: 'redis://r:6379/1', visibilityTimeout: 60 },
    ],
    [
      'env broker, prefix, names',
      {},
      {
        ...APP,
        TASK_BACKEND_BROKER_URL: 'rediss://:pw@r:6380/2',
        TASK_BACKEND_PREFIX: 'media',
        TASK_BACKEND_WORKER_NAME: 'api',
        TASK_BACKEND_WORKER_PROFILE: 'lightweight',
      },
      { brokerUrl: 'rediss://:pw@r:6380/2', prefix: 'media', workerName: 'api', profileLabel: 'lightweight' },
    ],
    ['profile label from --profile', { profile: 'p', profilesFile: 'f.yaml' }, APP, { profileLabel: 'p' }],
    [
      'profile label env beats --profile',
      { profile: 'p', profilesFile: 'f.yaml' },
      { ...APP, TASK_BACKEND_WORKER_PROFILE: 'q' },
      { profileLabel: 'q' },
    ],
    [
      'tuning env',
      {},
      { ...APP, TASK_BACKEND_LOCK_DURATION_MS: '1000', TASK_BACKEND_STALLED_INTERVAL_MS: '500' },
      { lockDurationMs: 1000, stalledIntervalMs: 500 },
    ],
  ];
  it.each(ok)('%s', (_l, args, env, expected) => {
    const r = resolveBase(args, env, 'host-1');
    expect(r.ok && r.value).toMatchObject(expected);
  });

  const bad: Array<[string, Parameters<typeof resolveBase>[0], Record<string, string>, RegExp]> = [
    [
      'celery with an http broker',
      { backend: 'celery' },
      { ...APP, TASK_BACKEND_BROKER_URL: 'http://h/' },
      /expected a redis:\/\/ or rediss:\/\/ URL/,
    ],
    [
      'celery result backend not redis',
      { backend: 'celery' },
      { ...APP, TASK_BACKEND_RESULT_BACKEND: 'rpc://' },
      /TASK_BACKEND_RESULT_BACKEND: expected a redis/,
    ],
    [
      'visibility timeout env not seconds',
      { backend: 'celery' },
      { ...APP, TASK_BACKEND_VISIBILITY_TIMEOUT: '1h' },
      /TASK_BACKEND_VISIBILITY_TIMEOUT=1h: expected seconds from 1 to 604800/,
    ],
    ['unknown backend in env', {}, { ...APP, TASK_BACKEND_TYPE: 'rq' }, /TASK_BACKEND_TYPE=rq: unknown backend; known: bullmq, celery/],
    ['no app', {}, {}, /no task app: pass --app MODULE or set TASK_BACKEND_APP/],
    ['broker URL without scheme', {}, { ...APP, TASK_BACKEND_BROKER_URL: 'redis-host:6379' }, /expected a redis:\/\/ or rediss:\/\/ URL/],
    ['password never echoed', {}, { ...APP, TASK_BACKEND_BROKER_URL: 'http://u:hunter2@h' }, /^(?![\s\S]*hunter2)/],
    ['--profile without file', { profile: 'lightweight' }, APP, /--profile=lightweight needs --profiles-file=FILE/],
    [
      'tuning env not a number',
      {},
      { ...APP, TASK_BACKEND_LOCK_DURATION_MS: '1s' },
      /TASK_BACKEND_LOCK_DURATION_MS=1s: expected milliseconds/,
    ],
  ];
  it.each(bad)('refuses: %s', (_l, args, env, message) => {
    const r = resolveBase(args, env, 'h');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join('\n')).toMatch(message);
  });
});

describe('resolveConfig: flags over profile over defaults', () => {
  const routes = [
    { name: 'a', queue: 'q1' },
    { name: 'b', queue: 'q1' },
    { name: 'c', queue: 'q2' },
  ];
  const base = resolveBase({}, APP, 'h');
  const profile = { tasks: ['a', 'b'], queues: ['q1'], concurrency: 4 };
  const cases: Array<[string, Parameters<typeof resolveConfig>[1], object]> = [
    ['defaults', {}, { concurrency: 1, shutdownTimeout: 25, healthPort: 8080, queues: ['q1', 'q2'] }],
    ['profile', { profile: 'p' }, { concurrency: 4, queues: ['q1'], served: routes.slice(0, 2) }],
    ['--concurrency beats profile', { profile: 'p', concurrency: 9 }, { concurrency: 9 }],
    ['--tasks replaces profile tasks', { profile: 'p', tasks: ['a'] }, { served: [routes[0]], rejected: [routes[1]] }],
    ['--queues replaces profile queues', { profile: 'p', queues: ['q2'], tasks: ['c'] }, { queues: ['q2'], served: [routes[2]] }],
    ['excludes apply on top of the profile', { profile: 'p', excludeTasks: ['b'] }, { served: [routes[0]] }],
    ['flags only', { shutdownTimeout: 0, healthPort: 0 }, { shutdownTimeout: 0, healthPort: 0 }],
  ];
  it.each(cases)('%s', (_l, args, expected) => {
    if (!base.ok) throw new Error('base');
    const r = resolveConfig(base.value, args, routes, args.profile ? profile : undefined);
    expect(r.ok && r.value).toMatchObject(expected);
  });

  it('names the profile when its list is wrong', () => {
    if (!base.ok) throw new Error('base');
    const r = resolveConfig(base.value, { profile: 'p' }, routes, { tasks: ['zz'] });
    expect(!r.ok && r.errors[0]).toMatch(/unknown task 'zz' in profile 'p' tasks/);
  });
});

describe('parseProfiles', () => {
  it("reads the brief's worker-profiles.yaml, ignoring resources", () => {
    const r = parseProfiles(readFileSync(`${ROOT}/test/worker/fixtures/worker-profiles.yaml`, 'utf8'), 'p.yaml');
    expect(r).toEqual({
      ok: true,
      profiles: {
        'high-memory': { tasks: ['ml_training', 'large_data_processing'], queues: ['ml_queue'], concurrency: 2 },
        lightweight: { tasks: ['api_tasks', 'notifications'], queues: ['api_queue', 'notification_queue'], concurrency: 10 },
        'file-processing': { tasks: ['file_extract', 'file_transform'], queues: ['file_queue'], concurrency: 4 },
      },
    });
  });

  it("ignores tb-gen's keys (a values file with inline profiles works)", () => {
    const r = parseProfiles(readFileSync(`${ROOT}/examples/media-processing.yaml`, 'utf8'), 'm.yaml');
    expect(r.ok && r.profiles['cpu-batch']).toEqual({ concurrency: 4 });
  });

  const bad: Array<[string, string, RegExp]> = [
    ['not YAML', 'profiles: [', /f.yaml: not valid YAML/],
    ['no profiles key', 'workers: {}', /expected a top-level 'profiles:' map/],
    ['profile not a map', 'profiles: { a: [1] }', /profiles.a: expected a map/],
    ['tasks not a list', 'profiles: { a: { tasks: x } }', /profiles.a.tasks: expected a non-empty list of names/],
    ['empty queues', 'profiles: { a: { queues: [] } }', /profiles.a.queues: expected a non-empty list/],
    ['concurrency 0', 'profiles: { a: { concurrency: 0 } }', /profiles.a.concurrency: expected a whole number from 1 to 10000/],
    ['duplicate keys', 'profiles:\n  a: {}\n  a: {}\n', /not valid YAML/],
    [
      'an unquoted YAML 1.1 boolean as a task name (tb-gen and Helm read it so too)',
      'profiles: { a: { tasks: [on] } }',
      /profiles.a.tasks: expected a non-empty list of names \(quote names such as 'on'/,
    ],
  ];
  it.each(bad)('refuses: %s', (_l, text, message) => {
    const r = parseProfiles(text, 'f.yaml');
    expect(!r.ok && r.errors.join('\n')).toMatch(message);
  });
});

describe('CLI prepare (in-process)', () => {
  beforeAll(() => {
    requireBuild();
    clearRegistry();
  });
  const run = async (argv: string[], env: Record<string, string> = {}) => {
    let out = '';
    let err = '';
    const io: CliIo = { env: { TASK_BACKEND_APP: EXAMPLE_APP, ...env }, cwd: ROOT, out: (t) => (out += t), err: (t) => (err += t) };
    const outcome = await prepare(argv, io);
    return { outcome, out, err };
  };

  it('--help lists every flag', async () => {
    const { outcome, out } = await run(['--help']);
    expect(outcome).toEqual({ exit: 0 });
    for (const f of FLAGS) expect(out).toContain(`--${f.flag}`);
  });

  it('--list-tasks --json is the routing table in examples/app/tasks.yaml', async () => {
    const { outcome, out } = await run(['--list-tasks', '--json']);
    expect(outcome).toEqual({ exit: 0 });
    const table = parse(readFileSync(`${ROOT}/examples/app/tasks.yaml`, 'utf8')) as Record<string, { queue: string }>;
    expect(Object.fromEntries((JSON.parse(out) as { name: string; queue: string }[]).map((t) => [t.name, { queue: t.queue }]))).toEqual(
      table,
    );
  });

  it('--list-tasks prints a table', async () => {
    const { out } = await run(['--list-tasks']);
    expect(out.split('\n')[0]).toMatch(/^TASK\s+QUEUE$/);
    expect(out).toMatch(/^urgent_task\s+high_priority$/m);
  });

  it('--print-config resolves a profile from the profiles file', async () => {
    const { outcome, out } = await run(
      ['--profile=lightweight', '--profiles-file=test/worker/fixtures/worker-profiles.yaml', '--print-config'],
      { TASK_BACKEND_BROKER_URL: 'redis://:pw@r:6379' },
    );
    expect(outcome).toEqual({ exit: 0 });
    expect(JSON.parse(out)).toMatchObject({
      concurrency: 10,
      profileLabel: 'lightweight',
      brokerUrl: 'redis://:***@r:6379',
      queues: ['api_queue', 'notification_queue'],
      served: [
        { name: 'api_tasks', queue: 'api_queue' },
        { name: 'notifications', queue: 'notification_queue' },
      ],
    });
  });

  const refusals: Array<[string, string[], Record<string, string>, RegExp]> = [
    [
      'unknown profile',
      ['--profile=huge', '--profiles-file=test/worker/fixtures/worker-profiles.yaml'],
      {},
      /unknown profile 'huge' .*known profiles: high-memory, lightweight, file-processing/,
    ],
    ['missing profiles file', ['--profile=x', '--profiles-file=nope.yaml'], {}, /--profiles-file=nope.yaml: cannot read: ENOENT/],
    ['missing app', [], { TASK_BACKEND_APP: './nope.js' }, /cannot find app module '.\/nope.js'/],
    ['missing app package', ['--app=no-such-package-xyz'], {}, /cannot find app module 'no-such-package-xyz'/],
    // A path meant as a file, relative to a directory that lacks it (the image's empty /app): Node
    // reads it as the package `dist`; said as what it is, exit 2, no stack.
    [
      'relative app path not there',
      ['--app=dist/nowhere/index.js'],
      {},
      /cannot find app module 'dist\/nowhere\/index.js' \(no such file \/.*\/dist\/nowhere\/index.js, no such package 'dist'\)/,
    ],
    ['unknown task', ['--tasks=nope'], {}, /unknown task 'nope' in --tasks; known tasks: api_process/],
    ['serves nothing', ['--tasks=urgent_task', '--queues=ml_queue'], {}, /serves no task/],
  ];
  it.each(refusals)('exit 2: %s', async (_l, argv, env, message) => {
    const { outcome, err } = await run(argv, env);
    expect(outcome).toEqual({ exit: 2 });
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
