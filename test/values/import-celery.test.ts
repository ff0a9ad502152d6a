// `tb-gen import celery`: command lines in, a values file out that renders the same workers.
// Expected values and command lines are written out by hand from Celery's documented flags.
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';

const DIR = 'test/import';
const run = (argv: string[], stdin?: string) =>
  cli(['import', 'celery', ...argv], { cwd: ROOT, ...(stdin === undefined ? {} : { stdin }) });

// One line keeps its settings on its worker; settings several lines share go to defaults (last test).
describe('one line -> one worker', () => {
  const CASES: Array<{ line: string; worker: string; want: Record<string, unknown>; defaults?: Record<string, unknown> }> = [
    { line: 'celery -A backend worker -Q celery', worker: 'celery', want: { queues: ['celery'] }, defaults: { app: 'backend' } },
    {
      line: 'celery --app=proj.app:celery worker --queues=a_b,c -c 8',
      worker: 'a-b-c',
      want: { queues: ['a_b', 'c'], concurrency: 8 },
      defaults: { app: 'proj.app:celery' },
    },
    {
      line: '/usr/bin/python3 -m celery -A p worker -Q q --autoscale=10,3 --prefetch-multiplier 1 --max-tasks-per-child 50',
      worker: 'q',
      want: { queues: ['q'], celery: { autoscale: { max: 10, min: 3 }, prefetchMultiplier: 1, maxTasksPerChild: 50 } },
      defaults: { app: 'p' },
    },
    {
      line: "celery -A p worker -Q 'slow' --time-limit 600 --soft-time-limit 540 task_acks_late=True",
      worker: 'slow',
      want: { queues: ['slow'], celery: { timeLimit: 600, softTimeLimit: 540, acksLate: true } },
      defaults: { app: 'p' },
    },
  ];
  it.each(CASES)('$line', async ({ line, worker, want, defaults }) => {
    const r = await run([], `${line}\n`);
    expect(r.code, r.stderr).toBe(0);
    const v = parse(r.stdout) as { defaults: { runtime: string; celery: unknown }; workers: Record<string, unknown> };
    expect(v.defaults).toEqual({ runtime: 'celery', celery: defaults });
    expect(v.workers).toEqual({ [worker]: want });
  });
});

describe('what it cannot map', () => {
  it('names each dropped option at file:line and still writes the rest', async () => {
    const r = await run([], '# comment\n\ncelery -A p worker -Q q -l INFO -P gevent -n x@%h\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('<stdin>:3: warning: cannot map `-l INFO`');
    expect(r.stderr).toContain('<stdin>:3: warning: cannot map `-P gevent`');
    expect(r.stderr).toContain('<stdin>:3: warning: -n x@%h: dropped');
    expect((parse(r.stdout) as { workers: object }).workers).toEqual({ q: { queues: ['q'] } });
  });

  it('refuses a line that is no Celery worker command (exit 1, nothing written)', async () => {
    const r = await run([], 'celery -A p worker -Q q\ncelery -A p beat\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('<stdin>:2: error: not a Celery worker command line');
  });

  it('exits 2 on a file it cannot read', async () => {
    const r = await run(['no-such-file.txt']);
    expect(r.code).toBe(2);
  });
});

describe("the brief's four command lines", () => {
  it('import to a values file that tb-gen renders as the same four Celery command lines', async () => {
    const imported = await run([
      `${DIR}/brief-commands.txt`,
      '--tasks',
      `${DIR}/tasks.yaml`,
      '--image',
      'registry.example.com/backend:2.4.1',
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    const files = { 'imported.yaml': imported.stdout };
    const rendered = await cli(['render', '-f', 'imported.yaml', '--set', 'taskConfig.broker_url=redis://redis:6379/0'], { files });
    expect(rendered.code, rendered.stderr).toBe(0);
    const args = Object.fromEntries(
      parseAllDocuments(rendered.stdout)
        .map(
          (d) =>
            d.toJS() as {
              kind: string;
              metadata: { name: string };
              spec: { template: { spec: { containers: Array<{ command: string[]; args: string[] }> } } };
            },
        )
        .filter((o) => o.kind === 'Deployment')
        .map((o) => {
          const c = o.spec.template.spec.containers[0]!;
          return [o.metadata.name, [...c.command, ...c.args].join(' ')];
        }),
    );
    expect(args).toEqual({
      'task-worker-celery': 'celery -A backend worker -Q celery --hostname celery@%h --autoscale 4,1',
      'task-worker-celery-api-deployments':
        'celery -A backend worker -Q celery_api_deployments --hostname celery-api-deployments@%h --autoscale 4,1',
      'task-worker-file-processing':
        'celery -A backend.workers.file_processing worker -Q file_processing --hostname file-processing@%h --autoscale 4,1',
      'task-worker-file-processing-callback':
        'celery -A backend.workers.file_processing_callback worker -Q file_processing_callback --hostname file-processing-callback@%h --autoscale 4,1',
    });
  });
});
