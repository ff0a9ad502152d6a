// `tb-gen import celery`: Celery worker command lines (`celery -A backend worker -Q q --autoscale
// 4,1`, one per line) -> a values file with one runtime-celery worker per line. Pure: text in,
// values and notes out; what it cannot map becomes a note at file:line, never a silent drop.
import { CELERY_OPTIONS, type CelerySettings } from '../contract/celery.js';
import { DNS_LABEL, MAX_NAME } from '../contract/names.js';
import type { Values, WorkerSpec } from './model.js';

/** Something the import could not carry over, at its line. */
export interface ImportNote {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** One parsed command line. */
interface Parsed {
  line: number;
  app?: string;
  queues: string[];
  spec: WorkerSpec;
}

/** Split a command line as a POSIX shell would for plain words and '...' / "..." quoting. */
export function shellWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3] ?? '');
  return out;
}

const INT = /^\d+$/;
// Celery's short and long spellings of the options the values carry.
const ALIASES: Record<string, string> = { '-Q': '--queues', '-c': '--concurrency', '-A': '--app', '-n': '--hostname', '-b': '--broker' };

/** Parse one line; notes say what it left out. */
function parseLine(words: string[], line: number, note: (sev: ImportNote['severity'], msg: string) => void): Parsed | undefined {
  let i = words.findIndex((w) => w === 'celery' || w.endsWith('/celery'));
  if (i < 0 && words.includes('-m')) i = words.indexOf('-m') + 1;
  const at = words.indexOf('worker', i + 1);
  if (i < 0 || at < 0) return void note('error', 'not a Celery worker command line (expected `celery ... worker ...`)');
  const p: Parsed = { line, queues: [], spec: {} };
  const celery: CelerySettings = {};
  const args = [...words.slice(i + 1, at), ...words.slice(at + 1)];
  for (let k = 0; k < args.length; k++) {
    const raw = args[k] as string;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = ALIASES[eq > 0 ? raw.slice(0, eq) : raw] ?? (eq > 0 ? raw.slice(0, eq) : raw);
    const takes =
      flag.startsWith('-') &&
      !['--without-gossip', '--without-mingle', '--without-heartbeat', '-E', '--task-events', '-B', '--beat', '-D', '--detach'].includes(
        flag,
      );
    const value = eq > 0 ? raw.slice(eq + 1) : takes ? args[++k] : undefined;
    if (flag.startsWith('-') && takes && value === undefined) return void note('error', `${raw} needs a value`);
    const option = CELERY_OPTIONS.find((o) => o.flag === flag);
    if (flag === '--app') p.app = value;
    else if (flag === '--queues') p.queues = (value ?? '').split(',').filter(Boolean);
    else if (flag === '--concurrency' && INT.test(value ?? '')) p.spec.concurrency = Number(value);
    else if (flag === '--autoscale' && /^\d+,\d+$/.test(value ?? '')) {
      const [max, min] = (value as string).split(',').map(Number) as [number, number];
      celery.autoscale = { max: Math.max(max, min), min: Math.min(max, min) };
    } else if (option && INT.test(value ?? '')) celery[option.key] = Number(value);
    else if (flag === '--hostname') note('warning', `${raw} ${value}: dropped; the worker is named <worker>@%h from its values name`);
    else if (/^task_acks_late=/i.test(raw)) celery.acksLate = /^(true|1|yes|on)$/i.test(raw.split('=')[1] ?? '');
    else
      note(
        'warning',
        `cannot map \`${value === undefined || eq > 0 ? raw : `${raw} ${value}`}\`: set it in the app's configuration (or the image) instead`,
      );
  }
  if (!p.app) note('warning', 'no -A/--app: set celery.app for this worker');
  if (!p.queues.length) {
    note('warning', 'no -Q: Celery consumes its default queue `celery`, written as queues: [celery]');
    p.queues = ['celery'];
  }
  if (Object.keys(celery).length) p.spec.celery = celery;
  return p;
}

/** A DNS-1123 worker name from the queues (`file_processing` -> `file-processing`), unique among taken. */
function workerName(queues: string[], taken: Set<string>): string {
  const base =
    queues
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, MAX_NAME - 3) || 'worker';
  let name = base;
  for (let n = 2; taken.has(name) || !DNS_LABEL.test(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** The most frequent app: it goes to defaults, the others stay on their workers. */
function commonApp(ps: Parsed[]): string | undefined {
  const count = new Map<string, number>();
  for (const p of ps) if (p.app) count.set(p.app, (count.get(p.app) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}

/** Settings every line gives alike (the brief's `--autoscale 4,1`): they go to defaults once. */
function sharedSettings(ps: Parsed[]): CelerySettings {
  const first = ps[0]?.spec.celery ?? {};
  const same = (k: string) =>
    ps.every(
      (p) =>
        JSON.stringify((p.spec.celery as Record<string, unknown> | undefined)?.[k]) ===
        JSON.stringify((first as Record<string, unknown>)[k]),
    );
  return Object.fromEntries(Object.entries(first).filter(([k]) => ps.length > 1 && same(k)));
}

/** Import the command lines of one file; values only when no line is an error. */
export function importCelery(file: string, text: string, catalogue?: Values['tasks']): { values?: Values; notes: ImportNote[] } {
  const notes: ImportNote[] = [];
  const parsed: Parsed[] = [];
  text.split('\n').forEach((raw, idx) => {
    const body = raw.replace(/\\$/, '').trim();
    if (!body || body.startsWith('#')) return;
    const p = parseLine(shellWords(body), idx + 1, (severity, message) => notes.push({ file, line: idx + 1, severity, message }));
    if (p) parsed.push(p);
  });
  if (!parsed.length && !notes.length) notes.push({ file, line: 1, severity: 'error', message: 'no Celery worker command line found' });
  if (notes.some((n) => n.severity === 'error')) return { notes };
  const app = commonApp(parsed);
  const shared = sharedSettings(parsed);
  const taken = new Set<string>();
  const workers: Record<string, WorkerSpec> = {};
  for (const p of parsed) {
    const rest = Object.fromEntries(Object.entries(p.spec.celery ?? {}).filter(([k]) => !(k in shared)));
    const own: CelerySettings = { ...(p.app && p.app !== app ? { app: p.app } : {}), ...rest };
    const spec: WorkerSpec = { queues: p.queues, ...p.spec, celery: own };
    if (!Object.keys(own).length) delete spec.celery;
    workers[workerName(p.queues, taken)] = spec;
  }
  const defaults: CelerySettings = { ...(app ? { app } : {}), ...shared };
  const values: Values = {
    taskConfig: { backend_type: 'celery' },
    ...(catalogue ? { tasks: catalogue } : {}),
    defaults: { runtime: 'celery', ...(Object.keys(defaults).length ? { celery: defaults } : {}) },
    workers,
  };
  return { values, notes };
}
