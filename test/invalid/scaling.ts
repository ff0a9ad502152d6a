// Mistakes in autoscaling (HPA or KEDA) and disruption budgets.
// Each row: marked YAML in, the diagnostics it must produce out (file:line:col from the `»`
// marks). tb-gen runs every row (test/invalid.test.ts), and so do Helm 3 and Helm 4
// (test/chart/invalid.test.ts), so every case is written once.
import { E, W, type Row } from '../helpers/expect-diagnostics.js';

// KEDA reads Redis through this Secret; rows about other things give it so they stay on topic.
const REDIS = `
      taskConfig:
        redis: { secret: { name: redis-keda, addressKey: address, passwordKey: password } }`;

/** Rows for src/plan/checks-scaling.ts and checks-release.ts. */
export const SCALING_ROWS: Row[] = [
  {
    kind: 'a CPU target on a KEDA worker: HPA and KEDA both configured',
    values: `${REDIS}
      workers:
        a:
          tasks: [t]
          autoscaling: { enabled: true, mode: keda, maxReplicas: 4, »targetCPUUtilizationPercentage: 70 }`,
    want: [E('AUTOSCALING_MODE_CONFLICT', /mode: hpa/)],
  },
  {
    kind: 'a KEDA cooldown on an HPA worker',
    values: `
      workers:
        a:
          tasks: [t]
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, maxReplicas: 4, »cooldownPeriod: 600 }`,
    want: [E('AUTOSCALING_MODE_CONFLICT', /mode: keda/)],
  },
  {
    kind: 'minReplicas 0 without KEDA',
    values: `
      workers:
        a:
          tasks: [t]
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, minReplicas: »0, maxReplicas: 4 }`,
    want: [E('MIN_REPLICAS_ZERO_WITHOUT_KEDA', /mode: keda/)],
  },
  {
    kind: 'KEDA on RabbitMQ with the password only in broker_url',
    values: `
      taskConfig: { backend_type: celery, broker_url: "amqp://celery:hunter2@rabbit:5672/prod" }
      workers:
        a:
          tasks: [t]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [E('KEDA_RABBITMQ_UNREACHABLE', /taskConfig\.brokerSecret/)],
  },
  {
    kind: "KEDA over RabbitMQ's management API without its URL",
    values: `
      taskConfig:
        backend_type: celery
        brokerSecret: { name: broker, key: url }
        rabbitmq: { protocol: http }
      workers:
        a:
          tasks: [t]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [E('KEDA_RABBITMQ_UNREACHABLE', /managementSecret/)],
  },
  {
    kind: 'taskConfig.rabbitmq with a Redis broker_url: no amqp:// URL for KEDA',
    values: `
      taskConfig: { backend_type: celery, broker_url: "redis://redis:6379/0", rabbitmq: { protocol: amqp } }
      workers:
        a:
          tasks: [t]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [E('KEDA_RABBITMQ_UNREACHABLE', /brokerSecret/)],
  },
  {
    kind: 'KEDA scales to zero over amqp, which reads a busy worker as idle',
    values: `
      taskConfig: { backend_type: celery, broker_url: "amqp://rabbit:5672/prod" }
      workers:
        a:
          tasks: [t]
          autoscaling: { enabled: true, mode: keda, minReplicas: »0, maxReplicas: 4 }`,
    want: [W('KEDA_AMQP_READY_ONLY', /protocol: http/)],
  },
  {
    kind: 'the HPA KEDA creates would be named past 63 characters',
    values: `${REDIS}
      workers:
        ${'w'.repeat(44)}:
          tasks: [t]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [E('KEDA_NAME_TOO_LONG', /hpaName/)],
  },
  {
    kind: 'KEDA with no Redis address at all',
    values: `
      workers:
        a:
          tasks: [t]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [E('KEDA_REDIS_UNREACHABLE', /taskConfig\.redis\.secret/)],
  },
  {
    kind: 'KEDA with a password only in broker_url',
    values: `
      taskConfig: { broker_url: "redis://:hunter2@redis:6379/1" }
      workers:
        a:
          tasks: [t]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [E('KEDA_REDIS_UNREACHABLE')],
  },
  {
    kind: 'KEDA in sentinel mode without the master name',
    values: `
      taskConfig:
        redis: { »mode: sentinel, sentinels: [s:26379], secret: { name: r, addressKey: a } }
      workers:
        a:
          tasks: [t]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [E('REDIS_TOPOLOGY_INCOMPLETE', /sentinelMaster: mymaster/), E('KEDA_REDIS_UNREACHABLE', /secret/)],
  },
  {
    kind: 'KEDA for a worker whose queues tb-gen does not know',
    values: `${REDIS}
      workers:
        a:
          excludeTasks: [»x]
          »autoscaling: { enabled: true, mode: keda, maxReplicas: 4 }`,
    want: [W('TASK_NOT_SERVED'), E('KEDA_QUEUES_UNKNOWN', /catalogue/)],
  },
  {
    kind: 'Redis Cluster with a prefix without a hash tag',
    values: `
      taskConfig:
        »prefix: jobs
        redis: { mode: cluster, secret: { name: r, addressKey: a } }
      workers:
        a:
          tasks: [t]`,
    want: [E('CLUSTER_PREFIX_WITHOUT_HASH_TAG', /"\{jobs\}"/)],
  },
  {
    kind: 'a KEDA cooldown within the grace period (warning)',
    values: `${REDIS}
      workers:
        a:
          tasks: [t]
          terminationGracePeriodSeconds: 120
          autoscaling: { enabled: true, mode: keda, maxReplicas: 4, cooldownPeriod: »60 }`,
    want: [W('COOLDOWN_WITHIN_GRACE', /above 120/)],
  },
  {
    kind: 'replicas on an autoscaled worker (warning)',
    values: `
      workers:
        a:
          tasks: [t]
          replicas: »3
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, maxReplicas: 4 }`,
    want: [W('REPLICAS_IGNORED', /minReplicas/)],
  },
  {
    kind: 'a budget with both bounds',
    values: `
      workers:
        a:
          tasks: [t]
          replicas: 3
          pdb: { »minAvailable: 1, maxUnavailable: 1 }`,
    want: [E('PDB_BOTH_BOUNDS')],
  },
  {
    kind: 'a budget that allows no pod to be unavailable',
    values: `
      workers:
        a:
          tasks: [t]
          replicas: 3
          pdb: { maxUnavailable: »0 }`,
    want: [E('PDB_BLOCKS_DRAIN', /maxUnavailable: 1/)],
  },
  {
    kind: 'a budget that keeps every one of the replicas',
    values: `
      workers:
        a:
          tasks: [t]
          replicas: 2
          pdb: { minAvailable: »2 }`,
    want: [E('PDB_BLOCKS_DRAIN', /lower minAvailable/)],
  },
  {
    kind: 'a budget at the autoscaling floor',
    values: `
      defaults:
        pdb: { minAvailable: »"100%" }
      workers:
        a:
          tasks: [t]`,
    want: [E('PDB_BLOCKS_DRAIN')],
  },
];

/** Pods the namespace's Pod Security admission would refuse (src/audit/pod-security.ts). */
export const POD_SECURITY_ROWS: Row[] = [
  {
    kind: 'a capability restricted forbids',
    values: `
      workers:
        a:
          tasks: [t]
          »securityContext: { capabilities: { add: [SYS_PTRACE] } }`,
    want: [E('POD_SECURITY_VIOLATION', /podSecurityLevel/)],
  },
  {
    kind: 'the container security context cleared under restricted',
    values: `
      workers:
        a:
          tasks: [t]
          »»securityContext: {}`,
    want: [E('POD_SECURITY_VIOLATION'), E('POD_SECURITY_VIOLATION')],
  },
  {
    kind: 'running as root under restricted',
    values: `
      workers:
        a:
          tasks: [t]
          »podSecurityContext: { runAsUser: 0 }`,
    want: [E('POD_SECURITY_VIOLATION')],
  },
  {
    kind: 'hostNetwork under restricted',
    values: `
      workers:
        a:
          tasks: [t]
          »hostNetwork: true`,
    want: [E('POD_SECURITY_VIOLATION', /podSecurityLevel/)],
  },
  {
    kind: 'a hostPath volume under restricted',
    values: `
      workers:
        a:
          tasks: [t]
          »volumes: [{ name: host, hostPath: { path: /var/run } }]`,
    want: [E('POD_SECURITY_VIOLATION')],
  },
  {
    kind: 'a privileged container even under baseline',
    values: `
      podSecurityLevel: baseline
      workers:
        a:
          tasks: [t]
          »securityContext: { privileged: true, allowPrivilegeEscalation: true }`,
    want: [E('POD_SECURITY_VIOLATION')],
  },
];
