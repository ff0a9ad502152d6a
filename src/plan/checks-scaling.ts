// Checks of a worker's autoscaling mode (HPA or KEDA) and of its disruption budget.
import { formatMessage } from '../contract/codes.js';
import { KEDA } from '../contract/defaults.js';
import { MAX_NAME } from '../contract/names.js';
import { isHpa, isKeda, kedaRabbit, kedaRedis, onRabbitBroker } from './autoscaling.js';
import { diag, toPointer, type Diagnostic } from '../values/diagnostics.js';
import type { Autoscaling, Values } from '../values/model.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from '../values/locate.js';
import { own as ownKey } from '../contract/shapes.js';

type Check = (w: ResolvedWorker, at: Locator, values: Values) => Diagnostic[];
const ptr = (w: string, ...p: (string | number)[]) => toPointer(['workers', w, ...p]);

/** Keys only one mode reads: set under the other, they are silently ignored, so they are errors. */
const ONLY: Record<'hpa' | 'keda', readonly (keyof Autoscaling)[]> = {
  hpa: ['targetCPUUtilizationPercentage', 'targetMemoryUtilizationPercentage'],
  keda: ['target', 'activationTarget', 'pollingInterval', 'cooldownPeriod', 'wakeForDelayed', 'hpaName'],
};

const modeConflicts: Check = (w, at) => {
  const a = w.spec.autoscaling;
  if (!a?.enabled) return [];
  const [mode, other] = isKeda(w) ? (['keda', 'hpa'] as const) : (['hpa', 'keda'] as const);
  return ONLY[other]
    .filter((k) => a[k] !== undefined)
    .map((k) =>
      diag(
        'AUTOSCALING_MODE_CONFLICT',
        formatMessage('AUTOSCALING_MODE_CONFLICT', w.name, k, other, mode),
        at(w.name, ['autoscaling', k], { key: true }),
        ptr(w.name, 'autoscaling', k),
        `remove ${k}, or set autoscaling.mode: ${other}`,
      ),
    );
};

const scaleToZero: Check = (w, at) =>
  w.spec.autoscaling?.enabled && !isKeda(w) && w.spec.autoscaling.minReplicas === 0
    ? [
        diag(
          'MIN_REPLICAS_ZERO_WITHOUT_KEDA',
          formatMessage('MIN_REPLICAS_ZERO_WITHOUT_KEDA', w.name),
          at(w.name, ['autoscaling', 'minReplicas']),
          ptr(w.name, 'autoscaling', 'minReplicas'),
          'set autoscaling.mode: keda to scale to zero on the queue backlog, or minReplicas >= 1',
        ),
      ]
    : [];

const keda: Check = (w, at, values) => {
  if (!isKeda(w)) return [];
  const a = w.spec.autoscaling ?? {};
  const here = at(w.name, ['autoscaling'], { key: true });
  const out: Diagnostic[] = [];
  const hpaName = `${KEDA.hpaPrefix}${w.objectName}`;
  if (!a.hpaName && hpaName.length > MAX_NAME) {
    out.push(
      diag(
        'KEDA_NAME_TOO_LONG',
        formatMessage('KEDA_NAME_TOO_LONG', w.name, hpaName, hpaName.length, MAX_NAME),
        here,
        ptr(w.name, 'autoscaling'),
        `set autoscaling.hpaName, or shorten the worker name by ${hpaName.length - MAX_NAME}`,
      ),
    );
  }
  out.push(...brokerProblem(w, here, values));
  const grace = w.settings.grace;
  if (a.cooldownPeriod !== undefined && a.cooldownPeriod <= grace) {
    out.push(
      diag(
        'COOLDOWN_WITHIN_GRACE',
        `worker \`${w.name}\`: cooldownPeriod ${a.cooldownPeriod} s is not above its grace period ${grace} s, so KEDA may scale it to zero while a drain still runs`,
        at(w.name, ['autoscaling', 'cooldownPeriod']),
        ptr(w.name, 'autoscaling', 'cooldownPeriod'),
        `set cooldownPeriod above ${grace}, or leave it unset`,
      ),
    );
  }
  return out;
};

// Why KEDA could not read the broker (Redis' keys, or RabbitMQ's queues), with the fix.
function brokerProblem(w: ResolvedWorker, here: ReturnType<Locator>, values: Values): Diagnostic[] {
  const rabbit = onRabbitBroker(values);
  const problem = (rabbit ? kedaRabbit(values) : kedaRedis(values)).problem;
  if (!problem) return [];
  const code = rabbit ? 'KEDA_RABBITMQ_UNREACHABLE' : 'KEDA_REDIS_UNREACHABLE';
  const fix = !rabbit
    ? 'name the Secret KEDA reads: taskConfig.redis.secret: { name, addressKey, passwordKey }'
    : /management/.test(problem)
      ? 'set taskConfig.rabbitmq.managementSecret: { name, key } (http://user:password@host:15672/<vhost>), or protocol: amqp'
      : 'name the Secret that holds the amqp:// URL: taskConfig.brokerSecret: { name, key }';
  return [diag(code, formatMessage(code, w.name, problem), here, ptr(w.name, 'autoscaling'), fix)];
}

// KEDA's rabbitmq scaler over amqp counts ready messages only: a busy worker reads as idle.
const amqpReadyOnly: Check = (w, at, values) => {
  const s = w.settings.autoscaling;
  if (!isKeda(w) || s?.minReplicas !== 0 || !onRabbitBroker(values) || kedaRabbit(values).metadata.protocol !== 'amqp') return [];
  return [
    diag(
      'KEDA_AMQP_READY_ONLY',
      `worker \`${w.name}\` scales to zero on RabbitMQ with protocol amqp, which counts ready messages only: a task prefetched or running counts nowhere, so KEDA can scale the worker to 0 ${s.cooldownPeriod} s (cooldownPeriod) after its queues empty, while a task still runs`,
      at(w.name, ['autoscaling', 'minReplicas']),
      ptr(w.name, 'autoscaling', 'minReplicas'),
      'set taskConfig.rabbitmq.protocol: http with managementSecret (ready plus unacknowledged; with celery.acksLate: true a running task counts), autoscaling.minReplicas: 1, or a cooldownPeriod above the longest task',
    ),
  ];
};

// `replicas` from the worker itself or its profile (defaults give every worker one).
const replicasIgnored: Check = (w, at, values) => {
  const own = ownKey(values.workers, w.name)?.replicas ?? (w.profile ? ownKey(values.profiles, w.profile)?.replicas : undefined);
  if (!w.spec.autoscaling?.enabled || own === undefined) return [];
  return [
    diag(
      'REPLICAS_IGNORED',
      `worker \`${w.name}\` sets replicas: ${own}, but it autoscales (${isHpa(w) ? 'HPA' : 'KEDA'}), which sets its replicas`,
      at(w.name, ['replicas']),
      ptr(w.name, 'replicas'),
      'remove replicas, or use autoscaling.minReplicas for a floor',
    ),
  ];
};

const pdb: Check = (w, at) => {
  const p = w.spec.pdb ?? {};
  if (p.enabled === false) return [];
  if (p.minAvailable !== undefined && p.maxUnavailable !== undefined) {
    return [
      diag(
        'PDB_BOTH_BOUNDS',
        formatMessage('PDB_BOTH_BOUNDS', w.name),
        at(w.name, ['pdb', 'minAvailable'], { key: true }),
        ptr(w.name, 'pdb'),
        'keep one of minAvailable and maxUnavailable',
      ),
    ];
  }
  const why = blocksDrain(w);
  if (!why) return [];
  const key = p.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
  return [
    diag(
      'PDB_BLOCKS_DRAIN',
      formatMessage('PDB_BLOCKS_DRAIN', w.name, key, String(p[key]), why),
      at(w.name, ['pdb', key]),
      ptr(w.name, 'pdb', key),
      key === 'minAvailable' ? 'lower minAvailable, or use maxUnavailable: 1' : 'allow at least one: maxUnavailable: 1',
    ),
  ];
};

/** Why a budget can never allow an eviction, or undefined. */
function blocksDrain(w: ResolvedWorker): string | undefined {
  const p = w.spec.pdb ?? {};
  if (p.maxUnavailable === 0 || p.maxUnavailable === '0%') return 'no pod may ever be unavailable';
  if (p.minAvailable === '100%') return 'every pod must stay available';
  if (typeof p.minAvailable !== 'number') return undefined;
  const a = w.settings.autoscaling;
  const floor = a ? Math.max(a.minReplicas, 1) : w.settings.replicas;
  return p.minAvailable >= floor ? `the worker may run only ${floor} pod${floor === 1 ? '' : 's'}` : undefined;
}

/** The per-worker checks of this module, in order. */
export const SCALING_CHECKS: readonly Check[] = [modeConflicts, scaleToZero, keda, amqpReadyOnly, replicasIgnored, pdb];
