// The container args tb-gen renders, per backend and selection: the worker parses exactly these.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/contract/args.js';
import { gen } from '../helpers/run.js';

const argsOf = (values: string): string[] => {
  const r = gen(values);
  const d: any = r.objects?.find((o) => o.object.kind === 'Deployment')?.object;
  if (!d) throw new Error(JSON.stringify(r.diagnostics));
  return d.spec.template.spec.containers[0].args;
};

const rows: Array<[string, string, string[]]> = [
  [
    'bullmq: selection, then drain time and health port',
    'workers:\n  a:\n    tasks: [x, v]\n    concurrency: 3\n',
    ['--backend=bullmq', '--tasks=x,v', '--concurrency=3', '--shutdown-timeout=25', '--health-port=8080'],
  ],
  [
    'celery on our image: the selection args, then the drain bound and health port, as for bullmq',
    'taskConfig: { backend_type: celery }\nworkers:\n  a:\n    tasks: [x]\n',
    ['--backend=celery', '--tasks=x', '--shutdown-timeout=25', '--health-port=8080'],
  ],
  [
    'empty exclude lists give no flag (the worker would refuse `--exclude-tasks=`)',
    'workers:\n  a:\n    tasks: [x]\n    excludeTasks: []\n    excludeQueues: []\n',
    ['--backend=bullmq', '--tasks=x', '--shutdown-timeout=25', '--health-port=8080'],
  ],
  [
    'every selection flag, in FLAGS order',
    'tasks: { t: { queue: q }, u: { queue: r } }\nworkers:\n  a:\n    excludeTasks: [z]\n    queues: [q]\n    excludeQueues: [r]\n    terminationGracePeriodSeconds: 3\n',
    ['--backend=bullmq', '--exclude-tasks=z', '--queues=q', '--exclude-queues=r', '--shutdown-timeout=1', '--health-port=8080'],
  ],
];

describe('rendered worker args', () => {
  it.each(rows)('%s', (_, values, want) => {
    const args = argsOf(values);
    expect(args).toEqual(want);
    expect(parseArgs(args).ok).toBe(true);
  });
});
