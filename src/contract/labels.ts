// Label keys and fixed label values on every object tb-gen and the chart render.
import { MAX_NAME } from './names.js';

/** The per-worker selector label: two workers' Deployments never select each other's pods. */
export const WORKER_LABEL = 'task-backend.io/worker';
/** The worker's profile, when it has one. */
export const PROFILE_LABEL = 'task-backend.io/profile';

/** The standard keys (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const STANDARD = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  managedBy: 'app.kubernetes.io/managed-by',
  version: 'app.kubernetes.io/version',
} as const;

/** Helm's chart label; only the chart sets it. */
export const HELM_CHART_LABEL = 'helm.sh/chart';
/** `app.kubernetes.io/component` of every worker object. */
export const COMPONENT = 'worker';
/** `app.kubernetes.io/managed-by` in tb-gen's output (Helm writes `Helm`). */
export const MANAGED_BY = 'tb-gen';

/**
 * Labels only one renderer can know, the whole list of differences between `tb-gen render` and
 * `helm template`: Helm adds `helm.sh/chart`, and each names itself in `managed-by`.
 */
export const RENDERER_LABELS: readonly string[] = [HELM_CHART_LABEL, STANDARD.managedBy];

/**
 * `app.kubernetes.io/version` is the image tag, which may hold what a label value cannot (`+`,
 * `@sha256:...`, more than 63 characters): such characters become `_`, the result is cut to 63
 * and stripped of non-alphanumeric ends. Regular expressions as text: the chart applies the same.
 */
export const VERSION_LABEL = { invalid: '[^-A-Za-z0-9_.]', edges: '^[^A-Za-z0-9]+|[^A-Za-z0-9]+$', max: MAX_NAME } as const;

/** The version label value of an image tag. */
export const versionLabel = (tag: string): string =>
  tag.replace(new RegExp(VERSION_LABEL.invalid, 'g'), '_').slice(0, VERSION_LABEL.max).replace(new RegExp(VERSION_LABEL.edges, 'g'), '');
