// Names: the patterns the schema, tb-gen, the chart and the worker's registry all check, and the
// object names Helm charts conventionally derive, never silently truncated.

/** The longest name a label value or DNS-1123 label may have. */
export const MAX_NAME = 63;
/** Helm keeps 10 characters of the 63 for its own suffixes, so a release name has 53. */
export const MAX_RELEASE_NAME = 53;
/** A DNS-1123 label: worker, profile and release names, and namespaces. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** A DNS-1123 subdomain: Secret and PriorityClass names. */
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** A label or annotation key: an optional DNS-subdomain prefix and `/`, then a name of at most 63. */
export const QUALIFIED_NAME =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
/** The longest label or annotation key: a 253-character prefix, `/` and a 63-character name. */
export const MAX_QUALIFIED_NAME = 253 + 1 + 63;
/** A label value: empty, or at most 63 letters, digits, `-`, `_` and `.`, alphanumeric at both ends. */
export const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;
/** The longest task or queue name. */
export const MAX_TASK_NAME = 128;
/**
 * Task and queue names: what BullMQ job and queue names, Redis keys, comma-separated flags and
 * Prometheus label values all carry without quoting. No `:` (BullMQ's key separator), no leading
 * `_`, `.` or `-`.
 */
export const TASK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Why a task or queue name is refused, or undefined when it is fine. */
export function taskNameProblem(name: string): string | undefined {
  if (name.length > MAX_TASK_NAME) return `is ${name.length} characters; at most ${MAX_TASK_NAME}`;
  if (!TASK_NAME.test(name)) return 'must start with a letter or digit and hold only letters, digits, _ . -';
  return undefined;
}

/** The release name when none is given: the brief's `helm install task-worker`, so objects are `task-worker-<worker>`. */
export const DEFAULT_RELEASE = 'task-worker';

/** The chart name used in names and labels: nameOverride, else the chart's own name. */
export const chartName = (chart: string, nameOverride?: string): string => nameOverride || chart;

/** `<release>-<name>`, or the release alone when it already contains the name (Helm's fullname rule). */
export function fullname(release: string, name: string, fullnameOverride?: string): string {
  if (fullnameOverride) return fullnameOverride;
  return release.includes(name) ? release : `${release}-${name}`;
}

/** The name of a worker's objects: `<fullname>-<worker>`. */
export const workerObjectName = (full: string, worker: string): string => `${full}-${worker}`;

/** A usage problem with a release name, or undefined when it is fine. */
export function releaseNameProblem(release: string): string | undefined {
  if (!DNS_LABEL.test(release)) return `release name '${release}' must be a DNS-1123 label (lower-case letters, digits, '-')`;
  if (release.length > MAX_RELEASE_NAME)
    return `release name '${release}' is ${release.length} characters; Helm allows ${MAX_RELEASE_NAME}`;
  return undefined;
}

/** A usage problem with a namespace, or undefined when it is fine. */
export function namespaceProblem(namespace: string): string | undefined {
  if (!DNS_LABEL.test(namespace) || namespace.length > MAX_NAME) {
    return `namespace '${namespace}' must be a DNS-1123 label (lower-case letters, digits, '-', at most ${MAX_NAME} characters)`;
  }
  return undefined;
}
