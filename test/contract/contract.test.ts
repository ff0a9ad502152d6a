// One contract: whatever tb-gen calls valid, task-backend-worker starts with. Each case of issue 10
// is a row here, judged by tb-gen (generate) and by the worker's own code paths (registerTask,
// parseArgs, resolveBase, resolveConfig) on what tb-gen rendered.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseArgs } from '../../src/contract/args.js';
import { resolveBase, resolveConfig } from '../../src/worker/config.js';
import { clearRegistry, listTasks, registerTask } from '../../src/producer/registry.js';
import { cli, gen } from '../helpers/run.js';

type Obj = Record<string, any>;
const noop = () => undefined;
afterEach(() => clearRegistry());

/** Register a catalogue as an app would, and start the worker on a rendered Deployment's container. */
function startWorker(catalogue: Record<string, string>, container: Obj) {
  clearRegistry();
  for (const [name, queue] of Object.entries(catalogue)) registerTask({ name, queue, handler: noop });
  const env = Object.fromEntries((container.env as Obj[]).filter((e) => 'value' in e).map((e) => [e.name, e.value]));
  const parsed = parseArgs(container.args);
  if (!parsed.ok) return { ok: false as const, errors: parsed.errors };
  const base = resolveBase(parsed.args, env, 'host');
  if (!base.ok) return base;
  return resolveConfig(
    base.value,
    parsed.args,
    listTasks().map((t) => ({ name: t.name, queue: t.queue })),
  );
}

const containers = (r: ReturnType<typeof gen>): Obj[] =>
  (r.objects ?? []).filter((o) => o.object.kind === 'Deployment').map((o) => (o.object as Obj).spec.template.spec.containers[0]);

describe('task and queue names: the schema accepts exactly what registerTask accepts', () => {
  const names: Array<[string, boolean]> = [
    ['report.daily', true],
    ['A_b-9.z', true],
    ['x'.repeat(128), true],
    ['7', true],
    ['report:daily', false],
    ['_internal', false],
    ['-x', false],
    ['.x', false],
    ['a b', false],
    ['x'.repeat(129), false],
    ['é', false],
  ];
  it.each(names)('%j: %s', (name, ok) => {
    const asTask = gen(stringify({ workers: { a: { tasks: [name] } } }));
    const asQueue = gen(stringify({ tasks: { t: { queue: name } }, workers: { a: { tasks: ['t'] } } }));
    const asKey = gen(stringify({ tasks: { [name]: { queue: 'q' } }, workers: { a: { tasks: [name] } } }));
    for (const r of [asTask, asQueue, asKey])
      expect(
        r.diagnostics.some((d) => d.severity === 'error'),
        JSON.stringify(r.diagnostics),
      ).toBe(!ok);
    const registered = (() => {
      try {
        registerTask({ name, queue: name, handler: noop });
        return true;
      } catch {
        return false;
      }
    })();
    expect(registered).toBe(ok);
  });
});

describe('values the worker would refuse are refused by tb-gen', () => {
  it('a misspelled queue: tb-gen UNKNOWN_QUEUE, the worker "unknown queue"', () => {
    const r = gen('tasks: { resize: { queue: images } }\nworkers:\n  a:\n    queues: [imagez]\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['UNKNOWN_QUEUE']);
    const worker = startWorker(
      { resize: 'images' },
      { args: ['--backend=bullmq', '--queues=imagez'], env: [{ name: 'TASK_BACKEND_APP', value: 'app.js' }] },
    );
    expect(worker.ok ? [] : worker.errors.join('\n')).toMatch(/unknown queue 'imagez'/);
  });

  it('bullmq without an app: tb-gen MISSING_APP, the worker "no task app"; either source of the app satisfies both', () => {
    const values = 'workers:\n  api:\n    tasks: [api_process]\n';
    expect(gen(values, { noApp: true }).diagnostics.map((d) => d.code)).toEqual(['MISSING_APP']);
    const viaEnv = gen('workers:\n  api:\n    tasks: [api_process]\n    env: [{ name: TASK_BACKEND_APP, value: dist/app.js }]\n', {
      noApp: true,
    });
    expect(viaEnv.diagnostics).toEqual([]);
    expect(startWorker({ api_process: 'api_process' }, containers(viaEnv)[0] as Obj).ok).toBe(true);
    const container = { args: ['--backend=bullmq', '--tasks=api_process'], env: [] };
    const worker = startWorker({ api_process: 'api_process' }, container);
    expect(worker.ok ? '' : worker.errors.join('\n')).toMatch(/no task app/);
  });

  it('a worker misspelled in a later -f file: an error that it takes the others\' jobs, and a "did you mean"', () => {
    const r = gen([
      { name: 'values.yaml', text: 'workers:\n  pdf: { tasks: [pdf_render] }\n  payments: { tasks: [charge] }\n' },
      { name: 'prod.yaml', text: 'workers:\n  pdff: { replicas: 3 }\n' },
    ]);
    expect(r.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([
      'prod.yaml LIKELY_MISSPELLED_WORKER',
      'prod.yaml UNDECLARED_CATCH_ALL',
      'prod.yaml WORKER_SERVES_EVERYTHING',
    ]);
    expect(r.objects).toBeUndefined();
    expect(r.diagnostics[0]?.hint).toMatch(/did you mean `pdf`\?/);
  });

  it('--namespace that is not a DNS-1123 label is a usage error (exit 2), like --release', async () => {
    for (const cmd of ['validate', 'render']) {
      const r = await cli([cmd, '-f', 'v.yaml', '--namespace', 'Bad NS'], { files: { 'v.yaml': 'workers: {}\n' } });
      expect(r).toEqual({
        code: 2,
        stdout: '',
        stderr: "tb-gen: namespace 'Bad NS' must be a DNS-1123 label (lower-case letters, digits, '-', at most 63 characters)\n",
      });
    }
  });
});

// The rule as the README states it, written out here, not imported: served(T) when T is listed (or
// no tasks), not excluded, and its queue is listed (or no queues) and not excluded.
const CATALOGUE: Record<string, string> = { thumb: 'images', resize: 'images', ocr: 'docs', pdf: 'docs', sms: 'notify', push: 'notify' };
const spec = (f: Obj, t: string) => {
  const q = CATALOGUE[t] as string;
  return (
    (!f.tasks || f.tasks.includes(t)) &&
    !(f.excludeTasks ?? []).includes(t) &&
    (!f.queues || f.queues.includes(q)) &&
    !(f.excludeQueues ?? []).includes(q)
  );
};

describe('for any filters over a catalogue', () => {
  const tasks = Object.keys(CATALOGUE);
  const queues = [...new Set(Object.values(CATALOGUE)), 'imagez'];
  const list = (xs: string[]) => fc.option(fc.subarray(xs, { minLength: 1 }), { nil: undefined });
  const any = fc.record({ tasks: list(tasks), excludeTasks: list(tasks), queues: list(queues), excludeQueues: list(queues) });
  // Whole queues at a time, which is how a valid selection looks, so that many render.
  const real = queues.slice(0, -1);
  const coherent = fc
    .record({ q: fc.subarray(real, { minLength: 1 }), byTasks: fc.boolean(), byQueues: fc.boolean(), excluded: list(real) })
    .map(({ q, byTasks, byQueues, excluded }) => ({
      tasks: byTasks ? tasks.filter((t) => q.includes(CATALOGUE[t] as string)) : undefined,
      queues: byQueues || !byTasks ? q : undefined,
      excludeQueues: excluded,
    }));
  const filters = fc.oneof(any, coherent);

  it('a worker tb-gen renders starts, and serves exactly what the rule says', () => {
    let started = 0;
    fc.assert(
      fc.property(filters, (raw) => {
        const f = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
        const r = gen(stringify({ tasks: Object.fromEntries(tasks.map((t) => [t, { queue: CATALOGUE[t] }])), workers: { w: f } }));
        if (!r.objects) return;
        const worker = startWorker(CATALOGUE, containers(r)[0] as Obj);
        expect(worker.ok, JSON.stringify({ f, worker })).toBe(true);
        if (!worker.ok) return;
        expect(worker.value.served.map((t) => t.name).sort()).toEqual(tasks.filter((t) => spec(f, t)).sort());
        started++;
      }),
      { numRuns: 300 },
    );
    expect(started, 'enough generated workers render to mean something').toBeGreaterThan(30);
  });
});
