// The top level of a values file: every key tb-gen and the chart read. The types of
// src/values/model.ts are inferred from `values` and its parts.
import * as N from '../../contract/names.js';
import { anyMap, bool, choice, definition, list, map, obj, str } from './build.js';
import { annotationMap, DNS_LABEL_KEY, DURATION, image, labelMap, orEmpty, taskName, taskNameRule } from './common.js';
import { monitoring } from './monitoring.js';
import { taskConfig } from './task-config.js';
import { workerSpec } from './worker.js';

/** The worker spec as the three places that hold one refer to it (one definition in the document). */
const worker = definition('workerSpec', workerSpec);
const override = (description: string) => str(description, { pattern: orEmpty(N.DNS_LABEL), maxLength: N.MAX_NAME });

/** The routing catalogue: the queue of each task. */
export const tasks = map(
  'Routing catalogue: the queue of each task. A task not listed uses its own name as its queue.',
  { pattern: N.TASK_NAME.source, maxLength: N.MAX_TASK_NAME },
  obj('One task.', { queue: taskName(taskNameRule('Queue the task is routed to')) }, ['queue']),
);

/** Every key of a values file, in the order the schema lists them. */
export const values = {
  global: anyMap('Helm global values; accepted and ignored.'),
  taskConfig,
  podSecurityLevel: choice(
    'The Pod Security Standard the target namespace enforces; tb-gen checks every rendered pod against it (default restricted).',
    ['privileged', 'baseline', 'restricted'],
  ),
  serviceAccount: obj("The pods' service account.", {
    create: bool('Render a ServiceAccount (with automountServiceAccountToken false) for the release.'),
    name: str('Its name; empty: the release fullname when created, else the namespace default.', {
      pattern: orEmpty(N.DNS_SUBDOMAIN),
      maxLength: 253,
    }),
    annotations: annotationMap('Annotations on the ServiceAccount (e.g. a cloud IAM role).'),
  }),
  podMonitor: obj('One Prometheus Operator PodMonitor for the release, scraping /metrics of every task-backend-worker pod.', {
    enabled: bool('Render the PodMonitor (needs the monitoring.coreos.com CRDs).'),
    interval: str('Scrape interval, a Prometheus duration such as 30s.', { pattern: DURATION }),
    labels: labelMap('Labels on the PodMonitor (for the Prometheus podMonitorSelector).'),
  }),
  monitoring,
  image: image('Worker container image.', 'Image tag; empty means the chart appVersion.'),
  imagePullSecrets: list(
    'Secrets for pulling the image.',
    obj('A pull secret reference.', { name: str('Secret name.', { minLength: 1 }) }, ['name']),
  ),
  nameOverride: override('Replaces the chart name in object names and labels; empty: the chart name.'),
  fullnameOverride: override('Replaces <release>-<chart> as the prefix of object names; empty: derived.'),
  commonLabels: labelMap('Labels added to every object and pod.'),
  catalogueComplete: bool(
    'The tasks: catalogue lists every task the app registers (task-backend-worker --list-tasks --values writes true): a task a worker names outside it is an error (UNKNOWN_TASK), not a new task on its own queue.',
  ),
  tasks,
  profiles: map('Named worker settings that workers inherit with profile: <name>.', DNS_LABEL_KEY, worker),
  defaults: worker,
  workers: map('The workers, by name; each name must be a DNS-1123 label.', DNS_LABEL_KEY, worker),
};
