// Pieces of the values shape used in more than one place: names, label maps, quantities, images,
// Secret references. Names, patterns and bounds come from src/contract.
import * as N from '../../contract/names.js';
import { choice, list, map, obj, raw, str, union, type Shape } from './build.js';
import { QUANTITY } from './k8s.js';

/** A pattern that also admits the empty string (an override left empty means "derived"). */
export const orEmpty = (re: RegExp): string => `^(${re.source.slice(1, -1)})?$`;

const TASK_RULE = `start with a letter or digit, then letters, digits, _ . - (no ':'), at most ${N.MAX_TASK_NAME} characters`;

/** A task or queue name, as the worker and BullMQ accept one. */
export const taskName = (description: string): Shape<string> =>
  str(description, { pattern: N.TASK_NAME.source, minLength: 1, maxLength: N.MAX_TASK_NAME });
/** The same as a description, for the places that describe a task name. */
export const taskNameRule = (what: string): string => `${what}: ${TASK_RULE}.`;

/** A list of task or queue names (tasks, queues and their exclusions). */
export const names = (description: string): Shape<string[]> =>
  list(description, taskName(taskNameRule('A task or queue name')), { uniqueItems: true });

/** Names of the map keys that are names of things (workers, profiles). */
export const DNS_LABEL_KEY = { pattern: N.DNS_LABEL.source, maxLength: N.MAX_NAME };

/** A name of a Kubernetes object that is a DNS subdomain (Secrets, PriorityClasses). */
export const subdomain = (description: string): Shape<string> => str(description, { pattern: N.DNS_SUBDOMAIN.source, maxLength: 253 });

/** A key of a Secret's data. */
export const secretKey = (description: string): Shape<string> => str(description, { pattern: '^[-._a-zA-Z0-9]+$', maxLength: 253 });

/** A Secret and one key in it (the broker URL, the result backend). */
export const secretRef = (description: string) =>
  obj(description, { name: subdomain('Secret name.'), key: secretKey('Key in the Secret.') }, ['name', 'key']);

// Label and annotation maps, checked as the API server checks them (keys qualified names; label
// values at most 63 characters); a mistake here would otherwise fail only at apply time.
const LABEL_VALUE_RULE =
  "a label value: empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
const QUALIFIED_KEY = { pattern: N.QUALIFIED_NAME.source, maxLength: N.MAX_QUALIFIED_NAME };

/** Labels: qualified-name keys, label values. */
export const labelMap = (description: string): Shape<Record<string, string>> =>
  map(description, QUALIFIED_KEY, str(LABEL_VALUE_RULE, { pattern: N.LABEL_VALUE.source }));

/** Annotations: qualified-name keys, any string. */
export const annotationMap = (description: string): Shape<Record<string, string>> =>
  map(description, QUALIFIED_KEY, raw<string>({ type: 'string' }));

/** A Kubernetes quantity, given as a string or a number. */
export const quantity = (description: string): Shape<string | number> =>
  union(['string', 'number'], description, { pattern: QUANTITY, minimum: 0 });

/** A count or a percentage, as a PodDisruptionBudget takes one. */
export const intOrPercent = (description: string): Shape<number | string> =>
  union(['integer', 'string'], description, { pattern: '^([0-9]|[1-9][0-9]|100)%$', minimum: 0, maximum: 100000 });

/** A Prometheus duration (30s, 5m). */
export const DURATION = '^[0-9]+(ms|s|m|h)$';

/** The image of the workers (top level), or of one worker over it. */
export const image = (description: string, tag: string) =>
  obj(description, {
    // Without tag or digest: a tag here would render `app:1.2:0.1.0`.
    repository: str(
      'Image repository, without tag or digest (myreg.io/team/app, a registry port allowed): the tag goes in image.tag, the digest in image.digest.',
      { minLength: 1, pattern: '^[^@:/]+(:[0-9]+)?(/[^@:/]+)*$' },
    ),
    tag: str(tag),
    digest: str('Image digest (sha256:<64 hex>); when set the image is pulled as repository@digest and the tag is not used.', {
      pattern: '^sha256:[a-f0-9]{64}$',
    }),
    pullPolicy: choice('Image pull policy.', ['Always', 'IfNotPresent', 'Never']),
  });
