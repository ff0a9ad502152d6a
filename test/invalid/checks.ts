// Mistakes only the checks beyond the schema see: ranges across fields, profiles, names, routing.
// Each row: marked YAML in, the diagnostics it must produce out (file:line:col from the `»`
// marks). tb-gen runs every row (test/invalid.test.ts), and so do Helm 3 and Helm 4
// (test/chart/invalid.test.ts), so every case is written once.
import { E, W, type Row } from '../helpers/expect-diagnostics.js';

const long = 'w'.repeat(52); // task-worker- (12) + 52 = 64 characters
const PROFILES = `
      profiles:
        lightweight: { concurrency: 10 }
        high-memory: { concurrency: 2 }`;

/** Rows for the checks of src/plan/checks.ts, routing.ts and normalize.ts. */
export const CHECK_ROWS: Row[] = [
  {
    kind: 'requests above limits',
    values: `
      workers:
        a:
          tasks: [x]
          resources:
            requests: { cpu: »"2", memory: 1Gi }
            limits: { cpu: 1500m, memory: 1Gi }`,
    want: [E('REQUEST_ABOVE_LIMIT', /limits\.cpu/)],
  },
  {
    kind: 'requests above limits in other units',
    values: `
      workers:
        a:
          tasks: [x]
          resources:
            requests: { memory: »1025Mi }
            limits: { memory: 1Gi }`,
    want: [E('REQUEST_ABOVE_LIMIT')],
  },
  {
    kind: 'HPA minReplicas above maxReplicas',
    values: `
      workers:
        a:
          tasks: [x]
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, minReplicas: »5, maxReplicas: 2 }`,
    want: [E('HPA_MIN_ABOVE_MAX', /minReplicas <= 2/)],
  },
  {
    kind: 'HPA minReplicas from a profile above the worker maxReplicas',
    values: `
      profiles:
        p:
          autoscaling: { minReplicas: »9 }
      workers:
        a:
          profile: p
          tasks: [x]
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, maxReplicas: 3 }`,
    want: [E('HPA_MIN_ABOVE_MAX')],
  },
  {
    kind: 'autoscaling without maxReplicas',
    values: `
      workers:
        a:
          tasks: [x]
          resources: { requests: { cpu: 1 } }
          »autoscaling: { enabled: true, minReplicas: 2 }`,
    want: [E('AUTOSCALING_MAX_REQUIRED', /maxReplicas/)],
  },
  {
    kind: 'unknown profile, with did-you-mean and the known ones',
    values: `${PROFILES}
      workers:
        a:
          profile: »lightweigth`,
    want: [E('UNKNOWN_PROFILE', /did you mean `lightweight`\?.*known profiles: high-memory, lightweight/)],
  },
  {
    kind: 'unknown profile named in defaults',
    values: `${PROFILES}
      defaults:
        profile: »standard
      workers:
        a: {}`,
    want: [E('UNKNOWN_PROFILE', /known profiles: high-memory, lightweight/)],
  },
  {
    kind: 'unknown profile when no profile is defined',
    values: `
      workers:
        a:
          profile: »high-memory`,
    want: [E('UNKNOWN_PROFILE', /--profiles FILE/)],
  },
  {
    kind: 'same task included and excluded',
    values: `
      workers:
        a:
          tasks: [ocr, »»pdf]
          excludeTasks: [pdf]`,
    want: [E('TASK_INCLUDED_AND_EXCLUDED', /remove `pdf`/), W('TASK_NOT_SERVED')],
  },
  {
    kind: 'same queue included and excluded',
    values: `
      tasks: { »t1: { queue: q1 }, t2: { queue: q2 } }
      workers:
        a:
          queues: [»q1, q2]
          excludeQueues: [q1]`,
    want: [W('TASK_NOT_SERVED'), E('QUEUE_INCLUDED_AND_EXCLUDED')],
  },
  {
    kind: 'empty tasks list serves nothing',
    values: `
      workers:
        a:
          »tasks: []`,
    want: [E('WORKER_SERVES_NOTHING', /at least one task/)],
  },
  {
    kind: 'every listed task excluded (excludes from defaults)',
    values: `
      defaults:
        excludeTasks: [ocr]
      workers:
        a:
          »tasks: [»»ocr]`,
    want: [E('WORKER_SERVES_NOTHING'), E('TASK_INCLUDED_AND_EXCLUDED'), W('TASK_NOT_SERVED')],
  },
  {
    kind: 'object name over 63 characters',
    values: `
      workers:
        »${long}:
          tasks: [x]`,
    want: [E('NAME_TOO_LONG', /by 1 characters|fullnameOverride/)],
  },
  {
    kind: 'object name over 63 characters because of the release',
    release: 'r'.repeat(45),
    values: `
      workers:
        »file-processing:
          tasks: [x]`,
    want: [E('NAME_TOO_LONG')],
  },
  {
    kind: 'flat and nested resource forms mixed',
    values: `
      workers:
        a:
          tasks: [x]
          »resources: { memory: 1Gi, limits: { cpu: 1 } }`,
    want: [E('MIXED_RESOURCE_FORMS', /one form/)],
  },
  {
    kind: 'queue shared with a task the worker refuses',
    values: `
      tasks:
        thumb: { queue: images }
        resize: { queue: images }
      workers:
        a:
          queues: [»images]
          excludeTasks: [resize]
        b:
          »tasks: [resize]`,
    want: [E('QUEUE_SHARED_WITH_REFUSED_TASK', /serve `resize` in `a`/), E('QUEUE_SHARED_WITH_REFUSED_TASK', /serve `thumb` in `b`/)],
  },
  {
    kind: 'task served by no enabled worker (warning, still renders)',
    values: `
      tasks:
        »orphan: { queue: lonely }
      workers:
        a:
          tasks: [x]`,
    want: [W('TASK_NOT_SERVED', /enable a worker/)],
  },
  {
    kind: 'HPA on CPU without a CPU request (warning)',
    values: `
      workers:
        a:
          tasks: [x]
          resources: { requests: { memory: 1Gi } }
          »autoscaling: { enabled: true, maxReplicas: 4 }`,
    want: [W('HPA_WITHOUT_CPU_REQUEST', /requests\.cpu/)],
  },
  {
    kind: 'a disabled worker is not checked, but its tasks count as unserved',
    values: `
      workers:
        a:
          enabled: false
          profile: missing
          autoscaling: { enabled: true }
          tasks: [»x]
        b:
          tasks: [ocr]`,
    want: [W('TASK_NOT_SERVED')],
  },
  // From the chart's own invalid files, folded in here so both renderers run them.
  {
    kind: 'HPA minReplicas above a maxReplicas from defaults',
    values: `
      defaults:
        autoscaling: { maxReplicas: 3 }
      workers:
        w:
          tasks: [t]
          resources: { requests: { cpu: 1 } }
          autoscaling: { enabled: true, minReplicas: »5 }`,
    want: [E('HPA_MIN_ABOVE_MAX')],
  },
  {
    kind: 'request above a limit that a profile sets in the flat form',
    values: `
      profiles:
        small: { resources: { memory: 1000Mi } }
      workers:
        w:
          profile: small
          tasks: [t]
          resources: { requests: { memory: »1Gi } }`,
    want: [E('REQUEST_ABOVE_LIMIT')],
  },
  {
    kind: 'an explicit empty queue list overrides the queues of defaults',
    values: `
      tasks: { t: { queue: q } }
      defaults:
        queues: [q]
      workers:
        w:
          »queues: []`,
    want: [E('WORKER_SERVES_NOTHING', /at least one task/)],
  },
  {
    kind: 'a profile excludes a task the worker lists',
    values: `
      profiles:
        no-b: { excludeTasks: [b] }
      workers:
        w:
          profile: no-b
          tasks: [a, »»b]`,
    want: [E('TASK_INCLUDED_AND_EXCLUDED'), W('TASK_NOT_SERVED')],
  },
  {
    kind: 'unknown profile in defaults; a disabled worker is spared',
    values: `
      defaults:
        profile: »missing
      workers:
        parked:
          enabled: false
        active:
          tasks: [t]`,
    want: [E('UNKNOWN_PROFILE')],
  },
  {
    kind: 'thumbnails and posters share a queue; each worker serves one of them',
    values: `
      tasks:
        thumbnail: { queue: images }
        poster: { queue: images }
      workers:
        posters:
          »tasks: [poster]
        thumbs:
          »tasks: [thumbnail]`,
    want: [E('QUEUE_SHARED_WITH_REFUSED_TASK', /serve `thumbnail` in `posters`/), E('QUEUE_SHARED_WITH_REFUSED_TASK')],
  },
  // The worker refuses these at start (exit 2), so tb-gen and the chart refuse them too.
  {
    kind: 'a misspelled queue, which task-backend-worker would refuse as unknown',
    values: `
      tasks:
        »resize: { queue: images }
      workers:
        a:
          queues: [»imagez]`,
    want: [W('TASK_NOT_SERVED'), E('UNKNOWN_QUEUE', /did you mean `images`\?/)],
  },
  {
    kind: 'an excluded queue that no task is routed to',
    values: `
      workers:
        a:
          tasks: [ocr]
          excludeQueues: [»legacy]`,
    want: [E('UNKNOWN_QUEUE', /route a task to it/)],
  },
  {
    kind: 'a task named where a queue belongs',
    values: `
      tasks:
        resize: { queue: images }
      workers:
        a:
          tasks: [resize]
        b:
          queues: [»resize]`,
    want: [E('UNKNOWN_QUEUE', /`resize` is a task \(its queue is `images`\)/)],
  },
  {
    kind: 'listed tasks and queues that never meet serve nothing',
    values: `
      tasks:
        »urgent: { queue: high }
        batch: { queue: low }
      workers:
        a:
          »tasks: [»urgent]
          queues: [»low]
        b:
          tasks: [batch]`,
    want: [
      W('TASK_NOT_SERVED'),
      E('WORKER_SERVES_NOTHING', /a queue it consumes/),
      E('LISTED_TASK_NOT_CONSUMED', /add `high` to queues, or remove `urgent` from tasks/),
      E('QUEUE_SHARED_WITH_REFUSED_TASK'),
    ],
  },
  {
    kind: 'a listed task whose queue the listed queues leave out (the worker would refuse to start)',
    values: `
      tasks:
        thumb: { queue: images }
        »ocr: { queue: text }
      workers:
        a:
          tasks: [thumb, »ocr]
          queues: [images]`,
    want: [W('TASK_NOT_SERVED'), E('LISTED_TASK_NOT_CONSUMED', /add `text` to queues, or remove `ocr` from tasks/)],
  },
  {
    kind: "excludes that leave none of the catalogue's tasks",
    values: `
      tasks:
        »sms: { queue: notify }
        »push: { queue: notify }
      workers:
        »quiet:
          excludeQueues: [notify]`,
    want: [W('TASK_NOT_SERVED'), W('TASK_NOT_SERVED'), E('WORKER_SERVES_NOTHING')],
  },
  {
    kind: 'the bullmq backend without the module that registers the tasks',
    noApp: true,
    values: `
      workers:
        »api:
          tasks: [api_process]`,
    want: [E('MISSING_APP', /taskConfig\.app/)],
  },
  // Warnings: the values render, but probably not as meant.
  {
    kind: 'a worker with no tasks or queues serves every task (warning)',
    values: `
      workers:
        »catch-all:
          replicas: 2`,
    want: [W('WORKER_SERVES_EVERYTHING', /list its tasks/)],
  },
  {
    kind: "a worker only a later file names, close to an existing one, would take the others' jobs",
    values: {
      'values.yaml': `
      workers:
        pdf:
          tasks: [pdf_render]
        payments:
          tasks: [charge]`,
      'prod.yaml': `
      workers:
        »»»pdff:
          replicas: 3`,
    },
    want: [
      W('LIKELY_MISSPELLED_WORKER', /did you mean `pdf`\?/),
      E('UNDECLARED_CATCH_ALL', /did you mean `pdf`\?/),
      W('WORKER_SERVES_EVERYTHING'),
    ],
  },
  {
    kind: 'every problem at once: a schema mistake in one worker, a range mistake in another',
    values: `
      workers:
        a:
          tasks: [x]
          replicas: »x
          autoscaling: { enabled: true, minReplicas: 5, maxReplicas: 2 }
        b:
          tasks: [z]
          autoscaling: { enabled: true, minReplicas: »5, maxReplicas: 2 }
          resources: { requests: { cpu: 1 } }`,
    want: [E('WRONG_TYPE'), E('HPA_MIN_ABOVE_MAX')],
  },
  {
    kind: 'two hostNetwork workers on the default health port',
    values: `
      podSecurityLevel: privileged
      workers:
        a:
          tasks: [t1]
          hostNetwork: true
        »b:
          tasks: [t2]
          hostNetwork: true`,
    want: [E('HOST_PORT_CONFLICT', /healthPort of its own/)],
  },
  {
    kind: 'two hostNetwork workers (from defaults) on one written health port',
    values: `
      podSecurityLevel: privileged
      defaults:
        hostNetwork: true
      workers:
        a:
          tasks: [t1]
          healthPort: 9100
        b:
          tasks: [t2]
          healthPort: »9100
        c:
          tasks: [t3]
          healthPort: 9101`,
    want: [E('HOST_PORT_CONFLICT')],
  },
  {
    kind: 'one health port shared by a hostNetwork worker and a pod-network one (valid)',
    values: `
      podSecurityLevel: privileged
      workers:
        a:
          tasks: [t1]
          hostNetwork: true
        b:
          tasks: [t2]
        c:
          tasks: [»t3]
          hostNetwork: true
          enabled: false`,
    want: [W('TASK_NOT_SERVED')],
  },
];
