// The routing catalogue (task -> queue) as files hold it: the app's own table (`task: {queue}`,
// examples/app/tasks.yaml), or a values file's `tasks:` map. `--list-tasks --values` writes the
// second from the app's registry, so the catalogue tb-gen checks is the routing the app runs; the
// producer reads either, so a producer can enqueue by task name without importing the app.

import { CONTAINER } from '../contract/defaults.js';
import { taskNameProblem } from '../contract/names.js';
import { isMap } from '../contract/shapes.js';
import type { TaskRoute } from '../contract/selection.js';

/** task -> queue. */
export type Catalogue = Record<string, string>;

// Keys that make a document a values file. Only a map without a string `queue` counts: a bare table
// may name a task "workers" or "tasks", and its entry is `{queue: ...}` or null.
const VALUES_KEYS = ['workers', 'taskConfig', 'tasks'] as const;
const valuesKey = (doc: Record<string, unknown>): string | undefined =>
  VALUES_KEYS.find((k) => isMap(doc[k]) && typeof doc[k].queue !== 'string');

/** Read a catalogue document: a values file (its `tasks:` map of entries) or a bare `task: {queue}` map. */
export function catalogueFrom(doc: unknown, file: string): { ok: true; catalogue: Catalogue } | { ok: false; errors: string[] } {
  if (!isMap(doc)) return { ok: false, errors: [`${file}: expected a map of task: {queue: ...}, or a values file with tasks:`] };
  const marker = valuesKey(doc);
  if (marker && !isMap(doc.tasks)) {
    const what = doc.tasks === undefined ? 'no tasks: catalogue' : 'a tasks: that is not a map of task: {queue: ...}';
    return {
      ok: false,
      errors: [
        `${file}: a values file (it has ${marker}:) with ${what} to route by: add the app's catalogue ` +
          `(${CONTAINER.command} --list-tasks --values prints it) or pass a task: {queue} file such as examples/app/tasks.yaml`,
      ],
    };
  }
  const table = marker ? (doc.tasks as Record<string, unknown>) : doc;
  const errors: string[] = [];
  const catalogue: Catalogue = {};
  for (const [task, entry] of Object.entries(table)) {
    const where = `${file}: ${marker ? 'tasks.' : ''}${task}`;
    const queue = entry === null ? task : isMap(entry) ? (entry.queue ?? task) : undefined;
    if (typeof queue !== 'string') errors.push(`${where}: expected {queue: NAME}`);
    else {
      const problem = taskNameProblem(task) ?? taskNameProblem(queue);
      if (problem) errors.push(`${where}: a task or queue name ${problem}`);
      else Object.defineProperty(catalogue, task, { value: queue, enumerable: true, writable: true, configurable: true });
    }
  }
  if (errors.length === 0 && Object.keys(catalogue).length === 0)
    errors.push(`${file}: ${marker ? 'tasks: lists' : 'lists'} no task to route`);
  return errors.length ? { ok: false, errors } : { ok: true, catalogue };
}

// YAML 1.1 (as tb-gen and Helm read values) takes these plain words as booleans or null.
const YAML11_WORDS = /^(y|yes|n|no|true|false|on|off|null|~)$/i;

/** A name as a YAML scalar: plain when YAML 1.1 reads it back as that string, else double-quoted. */
function scalar(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && !YAML11_WORDS.test(name) ? name : JSON.stringify(name);
}

/** The values form of the app's routing table: a `tasks:` catalogue to put in (or next to) a values file. */
export function valuesCatalogue(routes: readonly TaskRoute[], app: string): string {
  const lines = routes.map((r) => `  ${scalar(r.name)}: { queue: ${scalar(r.queue)} }`);
  return [
    `# The routing catalogue of ${app}, from ${CONTAINER.command} --list-tasks --values.`,
    '# Merge it into the values file (or pass it as one more -f file), so tb-gen checks the routing the app runs.',
    '# catalogueComplete: every task the app registers is here, so a task name outside it is a typo (UNKNOWN_TASK).',
    'catalogueComplete: true',
    'tasks:',
    ...lines,
    '',
  ].join('\n');
}
