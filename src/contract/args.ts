// The one module that owns task-backend-worker's flags: tb-gen formats them into the Deployment's
// args, the chart writes them in the same order (chart/templates/_contract.tpl is generated from
// FLAGS), and the worker parses them back. A round-trip test keeps parse(format(x)) == x.
import {
  DEFAULT_BACKEND,
  DEFAULT_CONCURRENCY,
  DEFAULT_SHUTDOWN_TIMEOUT,
  DEFAULT_VISIBILITY_TIMEOUT,
  HEALTH_PORT,
  METRICS_PATH,
  PROBES,
} from './defaults.js';
import { ENV, TUNING_ENV } from './env.js';

/** Backends a values file may name; the worker runs both (celery: Celery's wire protocol). */
export const BACKENDS = ['bullmq', 'celery'] as const;
export type Backend = (typeof BACKENDS)[number];

/** The selection and runtime knobs a rendered container passes to the worker. */
export interface WorkerArgs {
  backend?: Backend;
  app?: string;
  tasks?: string[];
  excludeTasks?: string[];
  queues?: string[];
  excludeQueues?: string[];
  concurrency?: number;
  profile?: string;
  profilesFile?: string;
  shutdownTimeout?: number;
  visibilityTimeout?: number;
  healthPort?: number;
  listTasks?: boolean;
  json?: boolean;
  values?: boolean;
  printConfig?: boolean;
  version?: boolean;
}

export type Kind = 'enum' | 'string' | 'list' | 'int' | 'bool';
export interface FlagSpec {
  key: keyof WorkerArgs;
  flag: string;
  kind: Kind;
  min?: number;
  max?: number;
  help: string;
  /** Other spellings the worker accepts (never rendered): `--worker-profile` is the design brief's. */
  aliases?: readonly string[];
  /** tb-gen and the chart write this flag into the Deployment's args. */
  rendered?: boolean;
}

/** Flag table in the order tb-gen writes them; the order is part of the rendered output. */
export const FLAGS: readonly FlagSpec[] = [
  {
    key: 'backend',
    flag: 'backend',
    kind: 'enum',
    rendered: true,
    help: `task backend (${BACKENDS.join(' | ')}; default ${ENV.backend}, else ${DEFAULT_BACKEND})`,
  },
  { key: 'app', flag: 'app', kind: 'string', help: `module that registers the tasks (default ${ENV.app})` },
  { key: 'tasks', flag: 'tasks', kind: 'list', rendered: true, help: 'serve only these tasks (comma-separated; default: all)' },
  { key: 'excludeTasks', flag: 'exclude-tasks', kind: 'list', rendered: true, help: 'never serve these tasks' },
  {
    key: 'queues',
    flag: 'queues',
    kind: 'list',
    rendered: true,
    help: 'consume only these queues (default: the queues of the served tasks)',
  },
  { key: 'excludeQueues', flag: 'exclude-queues', kind: 'list', rendered: true, help: 'never consume these queues' },
  {
    key: 'concurrency',
    flag: 'concurrency',
    kind: 'int',
    min: 1,
    max: 10000,
    rendered: true,
    help: `jobs in flight across all queues (default: the profile's, else ${DEFAULT_CONCURRENCY})`,
  },
  {
    key: 'profile',
    flag: 'profile',
    kind: 'string',
    aliases: ['worker-profile'],
    help: 'apply this worker profile (needs --profiles-file; --worker-profile is the same flag)',
  },
  { key: 'profilesFile', flag: 'profiles-file', kind: 'string', help: 'YAML file with profiles:' },
  {
    key: 'shutdownTimeout',
    flag: 'shutdown-timeout',
    kind: 'int',
    min: 0,
    max: 86400,
    rendered: true,
    help: `seconds to drain on SIGTERM (default ${DEFAULT_SHUTDOWN_TIMEOUT} s)`,
  },
  {
    key: 'visibilityTimeout',
    flag: 'visibility-timeout',
    kind: 'int',
    min: 1,
    max: 604800,
    help: `celery: seconds before a fetched, unacknowledged message of a dead worker is restored (default ${TUNING_ENV.visibilityTimeout}, else ${DEFAULT_VISIBILITY_TIMEOUT})`,
  },
  {
    key: 'healthPort',
    flag: 'health-port',
    kind: 'int',
    min: 0,
    max: 65535,
    rendered: true,
    help: `HTTP port for ${PROBES.liveness.path} ${PROBES.readiness.path} ${METRICS_PATH}; 0 turns them off (default ${HEALTH_PORT})`,
  },
  { key: 'listTasks', flag: 'list-tasks', kind: 'bool', help: 'print the task registry and exit' },
  { key: 'json', flag: 'json', kind: 'bool', help: 'with --list-tasks: print JSON' },
  { key: 'values', flag: 'values', kind: 'bool', help: "with --list-tasks: print the values file's tasks: catalogue (YAML)" },
  { key: 'printConfig', flag: 'print-config', kind: 'bool', help: 'print the resolved configuration (prefix, selection) and exit' },
  { key: 'version', flag: 'version', kind: 'bool', help: 'print the version and exit' },
];

/** One flag's spec by key; the bounds of --concurrency are the schema's bounds too. */
export const flagSpec = (key: keyof WorkerArgs): FlagSpec => FLAGS.find((f) => f.key === key) as FlagSpec;

/** Turn args into `--flag=value` strings, in FLAGS order, omitting what is unset. */
export function formatArgs(args: WorkerArgs): string[] {
  const out: string[] = [];
  for (const spec of FLAGS) {
    const value = args[spec.key];
    if (value === undefined || value === false) continue;
    if (spec.kind === 'bool') out.push(`--${spec.flag}`);
    else if (spec.kind === 'list') out.push(`--${spec.flag}=${(value as string[]).join(',')}`);
    else out.push(`--${spec.flag}=${String(value)}`);
  }
  return out;
}

/** A parse result: the args, or every problem found (the worker exits 2 on any). */
export type ParseResult = { ok: true; args: WorkerArgs } | { ok: false; errors: string[] };

/** Parse `--flag=value` and `--flag value` forms; unknown flags and bad values are errors. */
export function parseArgs(argv: readonly string[]): ParseResult {
  const args: Record<string, unknown> = {};
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(token);
    const spec = m ? FLAGS.find((f) => f.flag === m[1] || f.aliases?.includes(m[1] as string)) : undefined;
    if (!m || !spec) {
      errors.push(`unknown argument '${token}'${suggestFlag(token)}`);
      continue;
    }
    let raw = m[2];
    if (spec.kind === 'bool') {
      if (raw !== undefined) errors.push(`--${spec.flag} takes no value`);
      else args[spec.key] = true;
      continue;
    }
    if (raw === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) {
        errors.push(`--${spec.flag} needs a value`);
        continue;
      }
      raw = next;
      i++;
    }
    const parsed = parseValue(spec, raw);
    if (parsed instanceof ArgError) errors.push(parsed.message);
    else args[spec.key] = parsed;
  }
  return errors.length ? { ok: false, errors } : { ok: true, args: args };
}

class ArgError {
  constructor(readonly message: string) {}
}

function parseValue(spec: FlagSpec, raw: string): unknown {
  switch (spec.kind) {
    case 'enum':
      return (BACKENDS as readonly string[]).includes(raw)
        ? raw
        : new ArgError(`--${spec.flag}=${raw}: expected one of ${BACKENDS.join(', ')}`);
    case 'list': {
      const items = raw.split(',').map((s) => s.trim());
      if (items.some((s) => s === '')) return new ArgError(`--${spec.flag}=${raw}: empty name in list`);
      return items;
    }
    case 'int': {
      const n = Number(raw);
      const ok = /^\d+$/.test(raw) && n >= (spec.min ?? 0) && n <= (spec.max ?? Number.MAX_SAFE_INTEGER);
      return ok ? n : new ArgError(`--${spec.flag}=${raw}: expected a whole number from ${spec.min} to ${spec.max}`);
    }
    default:
      return raw === '' ? new ArgError(`--${spec.flag} needs a non-empty value`) : raw;
  }
}

// The flags a mistyped one most likely meant: those it begins (--health: --health-port), else the
// nearest by edit distance when near enough to be a typo (--exclude-queue is --exclude-queues, not
// --exclude-tasks): at most 2 edits, or a third of its length.
function suggestFlag(token: string): string {
  const name = (token.replace(/^-+/, '').split('=')[0] ?? '').toLowerCase();
  if (name.length < 3) return '';
  const scored = FLAGS.map((f) => ({ flag: f.flag, d: editDistance(name, f.flag) })).sort((a, b) => a.d - b.d);
  const best = scored[0] as { flag: string; d: number };
  const near =
    best.d <= Math.max(2, Math.floor(name.length / 3))
      ? scored.filter((s) => s.d === best.d)
      : scored.filter((s) => s.flag.startsWith(name));
  return near.length ? ` (did you mean ${near.map((s) => `--${s.flag}`).join(' or ')}?)` : '';
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length] as number;
}
