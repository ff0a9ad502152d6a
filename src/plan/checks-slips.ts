// Slips a new user makes that render fine and fail later: a task-name typo against the app's
// catalogue, a broker URL the worker refuses, a resource quantity without its unit, and a worker
// (often a misspelt name in a later file) that would take every other worker's jobs. The chart
// runs the same checks (chart/templates/_checks-slips.tpl).
import { formatMessage } from '../contract/codes.js';
import { BULLMQ_BACKEND } from '../contract/defaults.js';
import { closest, diag, didYouMean, toPointer, type Diagnostic, type Position } from '../values/diagnostics.js';
import type { Values } from '../values/model.js';
import type { ResolvedWorker } from './model.js';
import type { Locator } from '../values/locate.js';
import { parseQuantity } from './quantity.js';
import { backendOf } from './resolve.js';

/** Memory below this is no worker's (bytes); cpu above this is no node's (cores). */
export const QUANTITY_BOUNDS = { minMemory: 2 ** 20, maxCpu: 128 } as const;

/** The scheme of a URL as written (`http`), or `(none)`. */
export const schemeOf = (url: string): string => /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url)?.[1] ?? '(none)';

/** BROKER_URL_SCHEME: task-backend-worker refuses any broker URL but redis:// and rediss://. */
export function checkBrokerScheme(values: Values, atPath: (p: string[]) => Position): Diagnostic[] {
  const tc = values.taskConfig ?? {};
  if (backendOf(values) !== BULLMQ_BACKEND || tc.broker_url === undefined) return [];
  const scheme = schemeOf(tc.broker_url);
  if (scheme === 'redis' || scheme === 'rediss') return [];
  const path = ['taskConfig', 'broker_url'];
  const hint = 'write redis://HOST:6379/0 (rediss:// for TLS), or name the Secret that holds it with taskConfig.brokerSecret';
  return [diag('BROKER_URL_SCHEME', formatMessage('BROKER_URL_SCHEME', scheme), atPath(path), toPointer(path), hint)];
}

/**
 * UNKNOWN_TASK: a catalogue marked complete (the app's own, as --list-tasks --values prints it) is
 * the app's whole routing table, so a name outside it is a typo. A partial catalogue (routing a few
 * tasks to shared queues) leaves other names to their own queues, as before.
 */
export function checkCatalogueTasks(values: Values, workers: readonly ResolvedWorker[], at: Locator): Diagnostic[] {
  const known = Object.keys(values.tasks ?? {});
  if (values.catalogueComplete !== true) return [];
  return workers.flatMap((w) =>
    (['tasks', 'excludeTasks'] as const).flatMap((key) =>
      (w.spec[key] ?? []).flatMap((t, i) =>
        known.includes(t)
          ? []
          : [
              diag(
                'UNKNOWN_TASK',
                formatMessage('UNKNOWN_TASK', w.name, t),
                at(w.name, [key, i]),
                toPointer(['workers', w.name, key, i]),
                `${didYouMean(t, known) ?? `known tasks: ${known.sort().join(', ') || 'none'}.`} The catalogue is the app's (task-backend-worker --list-tasks --values); add the task to the app, or fix the name`,
              ),
            ],
      ),
    ),
  );
}

const WHY = { memory: `under 1Mi`, cpu: `over ${QUANTITY_BOUNDS.maxCpu} cores` } as const;

/**
 * IMPLAUSIBLE_QUANTITY for each cpu/memory request and limit. The flat form is nested into both by
 * then: it is reported once, at the flat key, as requests.<kind> (as the chart, which nests it too).
 */
export function checkQuantities(w: ResolvedWorker, at: Locator): Diagnostic[] {
  const r = w.spec.resources ?? {};
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const part of ['requests', 'limits'] as const) {
    for (const kind of ['memory', 'cpu'] as const) {
      const q = r[part]?.[kind];
      const v = q === undefined ? undefined : parseQuantity(q);
      if (q === undefined || v === undefined || v === 0) continue;
      if (kind === 'memory' ? v >= QUANTITY_BOUNDS.minMemory : v <= QUANTITY_BOUNDS.maxCpu) continue;
      const pos = sourceOf(w, at, [part, kind]);
      const key = `${pos.file}:${pos.line}:${pos.col}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        diag(
          'IMPLAUSIBLE_QUANTITY',
          formatMessage('IMPLAUSIBLE_QUANTITY', w.name, `${part}.${kind}`, q, WHY[kind]),
          pos,
          toPointer(['workers', w.name, 'resources', part, kind]),
          kind === 'cpu'
            ? `cpu counts cores: write ${String(q)}m for ${String(q)} millicores`
            : `memory counts bytes${/m$/.test(String(q)) ? ' and m is milli' : ''}: write ${String(q).replace(/m$/, '')}Mi for mebibytes`,
        ),
      );
    }
  }
  return out;
}

// Where resources.<part>.<kind> was written, else (the flat form) where resources.<kind> was.
function sourceOf(w: ResolvedWorker, at: Locator, path: readonly string[]): Position {
  const nowhere = at(w.name, [], { key: true });
  const pos = at(w.name, ['resources', ...path]);
  const same = (a: Position, b: Position) => a.file === b.file && a.line === b.line && a.col === b.col;
  return same(pos, nowhere) ? at(w.name, ['resources', path[1] as string]) : pos;
}

/** A worker that names no tasks, queues or exclusions: it consumes every queue. */
export const catchAll = (w: ResolvedWorker): boolean =>
  (['tasks', 'queues', 'excludeTasks', 'excludeQueues'] as const).every((k) => w.spec[k] === undefined);

/**
 * UNDECLARED_CATCH_ALL: beside workers that name their tasks, a worker that names none takes their
 * jobs; `excludeTasks: []` declares a catch-all on purpose.
 */
export function checkCatchAll(workers: readonly ResolvedWorker[], at: Locator): Diagnostic[] {
  const chosen = workers.filter((w) => !catchAll(w));
  if (chosen.length === 0) return [];
  return workers.filter(catchAll).map((w) => {
    const near = closest(
      w.name,
      chosen.map((c) => c.name),
    );
    // The message names the first such worker by name, as the chart (which has no edit distance) does.
    const other = (chosen[0] as ResolvedWorker).name;
    const fix = near ? `did you mean \`${near}\`? Else ` : '';
    return diag(
      'UNDECLARED_CATCH_ALL',
      formatMessage('UNDECLARED_CATCH_ALL', w.name, other),
      at(w.name, [], { key: true }),
      toPointer(['workers', w.name]),
      `${fix}list the tasks it serves, or declare a catch-all with excludeTasks: []`,
    );
  });
}

/** Every slip check over the enabled, resolved workers. */
export function checkSlips(
  values: Values,
  workers: readonly ResolvedWorker[],
  at: Locator,
  atPath: (p: string[]) => Position,
): Diagnostic[] {
  return [
    ...checkBrokerScheme(values, atPath),
    ...checkCatalogueTasks(values, workers, at),
    ...workers.flatMap((w) => checkQuantities(w, at)),
    ...checkCatchAll(workers, at),
  ];
}
