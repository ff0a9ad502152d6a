// fast-check generators of values files: schema-valid by construction, so the properties reach
// normalize and render; cross-field mistakes (min > max, long names, overlaps) happen sometimes.
import fc from 'fast-check';

export const TASKS = ['ingest', 'resize_small', 'resize_large', 'email.send', 'report.daily', 'ocr', 'sync-users', 'ml_train'];
const QUEUES = ['default', 'images', 'mail', 'batch'];
const CPU = ['100m', '250m', '500m', '1', '2', 4];
const MEM = ['128Mi', '256Mi', '512Mi', '1Gi', '2Gi', '8Gi'];

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const alnum = fc.constantFrom(...ALNUM);
/** A DNS-1123 label of 1..max characters. */
export const dnsLabel = (max: number): fc.Arbitrary<string> =>
  fc.oneof(
    alnum,
    fc.tuple(alnum, fc.string({ unit: fc.constantFrom(...ALNUM, '-'), maxLength: max - 2 }), alnum).map(([a, m, z]) => a + m + z),
  );
/** A DNS-1123 label of exactly n characters. */
const labelOf = (n: number) =>
  n === 1
    ? alnum
    : fc
        .tuple(alnum, fc.string({ unit: fc.constantFrom(...ALNUM, '-'), minLength: n - 2, maxLength: n - 2 }), alnum)
        .map(([a, m, z]) => a + m + z);
/** Mostly short names, sometimes long ones near the limits. */
const name = (short: number, long: number) =>
  fc.oneof({ weight: 9, arbitrary: dnsLabel(short) }, { weight: 1, arbitrary: fc.integer({ min: long - 15, max: long }).chain(labelOf) });

/** A request and a limit from one ladder, the request never above the limit. */
const pair = <T>(ladder: readonly T[]) =>
  fc.tuple(fc.nat(ladder.length - 1), fc.nat(ladder.length - 1)).map(([i, j]) => [ladder[Math.min(i, j)], ladder[Math.max(i, j)]] as const);
const nested = fc
  .record({ cpu: pair(CPU), memory: pair(MEM), keep: fc.constantFrom('both', 'requests', 'limits') })
  .map(({ cpu, memory, keep }) => ({
    ...(keep !== 'limits' ? { requests: { cpu: cpu[0], memory: memory[0] } } : {}),
    ...(keep !== 'requests' ? { limits: { cpu: cpu[1], memory: memory[1] } } : {}),
  }));

const resources = fc.oneof(fc.record({ cpu: fc.constantFrom(...CPU), memory: fc.constantFrom(...MEM) }, { requiredKeys: [] }), nested);

const hpa = fc.record(
  {
    enabled: fc.boolean(),
    minReplicas: fc.integer({ min: 1, max: 5 }),
    maxReplicas: fc.integer({ min: 1, max: 15 }),
    targetCPUUtilizationPercentage: fc.integer({ min: 10, max: 100 }),
    targetMemoryUtilizationPercentage: fc.integer({ min: 10, max: 100 }),
    behavior: fc.record({ scaleDown: fc.record({ stabilizationWindowSeconds: fc.integer({ min: 0, max: 600 }) }) }),
  },
  { requiredKeys: ['maxReplicas'] },
);
const keda = fc.record(
  {
    enabled: fc.boolean(),
    mode: fc.constant('keda'),
    minReplicas: fc.integer({ min: 0, max: 3 }),
    maxReplicas: fc.integer({ min: 3, max: 15 }),
    target: fc.integer({ min: 1, max: 50 }),
    cooldownPeriod: fc.integer({ min: 0, max: 900 }),
    wakeForDelayed: fc.boolean(),
  },
  { requiredKeys: ['mode', 'maxReplicas'] },
);
const autoscaling = fc.oneof({ weight: 3, arbitrary: hpa }, { weight: 1, arbitrary: keda });

/** An extra task's queue: null for a queue of its own (named after the task), or a shared one. */
const extraQueue = fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...QUEUES) });

const smallMap = (keys: string[], values: string[]) => fc.dictionary(fc.constantFrom(...keys), fc.constantFrom(...values), { maxKeys: 3 });

/** `arb` with probability 1/(1 + odds) of being present. */
const sometimes = <T>(arb: fc.Arbitrary<T>, odds = 1) =>
  fc.oneof({ weight: odds, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** Worker settings, as a worker, a profile or defaults may write them. */
const spec = (profiles: string[]) =>
  fc
    .record({
      enabled: sometimes(fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) })),
      profile: profiles.length ? sometimes(fc.constantFrom(...profiles), 1) : fc.constant(undefined),
      replicas: sometimes(fc.integer({ min: 0, max: 10 })),
      tasks: sometimes(fc.shuffledSubarray(TASKS, { minLength: 1, maxLength: 4 }), 2),
      excludeTasks: sometimes(fc.shuffledSubarray(TASKS, { minLength: 1, maxLength: 2 }), 12),
      queues: sometimes(fc.shuffledSubarray(QUEUES, { minLength: 1, maxLength: 2 }), 16),
      concurrency: sometimes(fc.integer({ min: 1, max: 50 })),
      resources: sometimes(resources),
      autoscaling: sometimes(autoscaling),
      nodeSelector: sometimes(smallMap(['workload-type', 'kubernetes.io/arch', 'disk', 'pool'], ['ml', 'arm64', 'ssd', 'general'])),
      tolerations: sometimes(
        fc.array(
          fc.record({
            key: fc.constantFrom('gpu', 'spot'),
            operator: fc.constant('Exists'),
            effect: fc.constantFrom('NoSchedule', 'NoExecute'),
          }),
          { maxLength: 2 },
        ),
        2,
      ),
      podAnnotations: sometimes(smallMap(['prometheus.io/scrape', 'owner'], ['true', 'platform']), 2),
      podLabels: sometimes(smallMap(['tier', 'cost'], ['a', 'b']), 2),
      priorityClassName: sometimes(fc.constantFrom('low', 'batch.high'), 3),
      terminationGracePeriodSeconds: sometimes(fc.integer({ min: 2, max: 600 }), 2),
      pdb: sometimes(
        fc.oneof(
          fc.record({ maxUnavailable: fc.constantFrom(1, 2, '25%') }),
          fc.record({ minAvailable: fc.constantFrom(1, '50%') }),
          fc.constant({ enabled: false }),
        ),
        3,
      ),
      env: sometimes(
        fc.uniqueArray(fc.record({ name: fc.constantFrom('A', 'B_C'), value: fc.constantFrom('1', 'on', 'x y') }), {
          maxLength: 2,
          selector: (e) => e.name,
        }),
        2,
      ),
    })
    .map(defined);

const taskConfig = fc.record(
  {
    backend_type: fc.constantFrom('bullmq', 'celery'),
    broker_url: fc.constant('redis://redis:6379/0'),
    brokerSecret: fc.record({ name: fc.constantFrom('redis', 'broker.secret'), key: fc.constantFrom('url', 'REDIS_URL') }),
    app: fc.constant('dist/app.js'),
    prefix: fc.constantFrom('bull', 'jobs'),
    redis: fc.record({ secret: fc.constant({ name: 'redis-keda', addressKey: 'address', passwordKey: 'password' }) }),
  },
  { requiredKeys: [] },
);

/** A values file (as data), with the release and namespace to render it with. */
export interface ValuesCase {
  release: string;
  namespace?: string;
  values: Record<string, any>;
}

export const valuesCase: fc.Arbitrary<ValuesCase> = fc.uniqueArray(dnsLabel(10), { maxLength: 3 }).chain((profileNames) =>
  fc.record({
    release: fc.oneof(name(12, 53), fc.constantFrom('task-worker', 'my-task-worker')),
    namespace: fc.option(dnsLabel(20), { nil: undefined }),
    values: fc
      .record(
        {
          taskConfig,
          image: fc.record(
            {
              repository: fc.constant('example/worker'),
              tag: fc.constantFrom('1.0', ''),
              pullPolicy: fc.constantFrom('Always', 'IfNotPresent'),
            },
            { requiredKeys: [] },
          ),
          nameOverride: name(10, 40),
          fullnameOverride: name(15, 63),
          commonLabels: smallMap(['team', 'env'], ['a', 'prod']),
          // One task on each queue, so a worker's queues are always ones the catalogue routes to;
          // an extra task mostly gets a queue of its own and sometimes shares one (a worker that
          // lists only one of two tasks on a queue is refused, which should happen, not dominate).
          tasks: sometimes(fc.dictionary(fc.constantFrom(...TASKS.slice(4)), extraQueue, { maxKeys: 2 }), 3).map((extra) => ({
            ...Object.fromEntries(QUEUES.map((q, i) => [TASKS[i] as string, { queue: q }])),
            ...Object.fromEntries(Object.entries(extra ?? {}).map(([t, q]) => [t, { queue: q ?? `own-${t.replace(/\W/g, '-')}` }])),
          })),
          profiles: fc
            .tuple(...profileNames.map(() => spec([])))
            .map((specs) => Object.fromEntries(profileNames.map((n, i) => [n, specs[i]]))),
          defaults: spec([]),
          workers: fc.dictionary(name(12, 60), spec(profileNames), { minKeys: 1, maxKeys: 4 }),
        },
        { requiredKeys: ['workers', 'profiles', 'tasks'] },
      )
      .map(defined),
  }),
);

/** A deep copy with every map's keys in a random (seeded) order; lists keep their order. */
export function shuffleKeys<T>(v: T, seed: number): T {
  let s = seed >>> 0;
  const rand = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (x === null || typeof x !== 'object') return x;
    const keys = Object.keys(x);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [keys[i], keys[j]] = [keys[j] as string, keys[i] as string];
    }
    return Object.fromEntries(keys.map((k) => [k, walk((x as Record<string, unknown>)[k])]));
  };
  return walk(v) as T;
}
