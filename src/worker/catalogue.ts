// The routing catalogue (task -> queue) as files hold it: the app's own table (`task: {queue}`,
// examples/app/tasks.yaml), or a values file's `tasks:` map. `--list-tasks --values` writes the
// second from the app's registry, so the catalogue tb-gen checks is the routing the app runs; the
// producer reads either, so a producer can enqueue by task name without importing the app.

import { taskNameProblem } from '../contract/names.js';
import type { TaskRoute } from '../contract/selection.js';

/** task -> queue. */
export type Catalogue = Record<string, string>;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Read a catalogue document: a values file (a `tasks:` map of entries) or a bare `task: {queue}` map. */
export function catalogueFrom(doc: unknown, file: string): { ok: true; catalogue: Catalogue } | { ok: false; errors: string[] } {
  if (!isMap(doc)) return { ok: false, errors: [`${file}: expected a map of task: {queue: ...}, or a values file with tasks:`] };
  // A values file's `tasks:` holds entries; a bare table could name a task "tasks", whose entry has a queue.
  const valuesForm = isMap(doc.tasks) && typeof doc.tasks.queue !== 'string';
  const table = valuesForm ? (doc.tasks as Record<string, unknown>) : doc;
  const errors: string[] = [];
  const catalogue: Catalogue = {};
  for (const [task, entry] of Object.entries(table)) {
    const where = `${file}: ${valuesForm ? 'tasks.' : ''}${task}`;
    const queue = entry === null ? task : isMap(entry) ? (entry.queue ?? task) : undefined;
    if (typeof queue !== 'string') errors.push(`${where}: expected {queue: NAME}`);
    else {
      const problem = taskNameProblem(task) ?? taskNameProblem(queue);
      if (problem) errors.push(`${where}: a task or queue name ${problem}`);
      else catalogue[task] = queue;
    }
  }
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
    `# The routing catalogue of ${app}, from task-backend-worker --list-tasks --values.`,
    '# Merge it into the values file (or pass it as one more -f file), so tb-gen checks the routing the app runs.',
    'tasks:',
    ...lines,
    '',
  ].join('\n');
}
