// The command line, minus process wiring: parse, resolve, load the app, then list, print or run.
// Every user mistake ends here as a plain message and exit code 2; nothing prints a stack trace.

import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, type WorkerArgs } from '../contract/args.js';
import { redact } from '../contract/broker.js';
import { printableTarget } from '../contract/redis.js';
import { CONTAINER } from '../contract/defaults.js';
import { AppLoadError, loadApp } from '../producer/app-loader.js';
import { valuesCatalogue } from '../producer/catalogue.js';
import { resolveBase, resolveConfig, type Env, type ResolvedConfig } from './config.js';
import type { Profile } from './profiles.js';
import { listTasks } from '../producer/registry.js';
import { usage, version } from './usage.js';
import { own } from '../contract/shapes.js';

/** Where the CLI reads and writes; tests pass their own. */
export interface CliIo {
  env: Env;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Either an exit code now, or a config to run. */
export type CliOutcome = { exit: number } | { run: ResolvedConfig };

const NAME = CONTAINER.command; // the command the rendered container runs

/** Everything up to starting the worker; pure apart from importing the app and reading the profiles file. */
export async function prepare(argv: readonly string[], io: CliIo): Promise<CliOutcome> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(usage());
    return { exit: 0 };
  }
  const parsed = parseArgs(argv);
  if (!parsed.ok) return usageError(io, parsed.errors);
  const args = parsed.args;
  const formats = (['json', 'values'] as const).filter((k) => args[k]).map((k) => `--${k}`);
  if (formats.length && !args.listTasks)
    return usageError(io, [`${formats.join(' and ')} ${formats.length > 1 ? 'need' : 'needs'} --list-tasks`]);
  if (formats.length > 1) {
    return usageError(io, [
      `--list-tasks takes --json or --values, not both: --json prints the routing table as JSON, --values the values file's tasks: catalogue`,
    ]);
  }
  if (args.version) {
    io.out(version());
    return { exit: 0 };
  }
  const base = resolveBase(args, io.env);
  if (!base.ok) return usageError(io, base.errors);
  try {
    await loadApp(base.value.app, io.cwd);
  } catch (err) {
    if (err instanceof AppLoadError && err.kind === 'not-found') return usageError(io, [err.message]);
    const detail = err instanceof AppLoadError ? err.detail : err;
    io.err(`${NAME}: error: ${(err as Error).message}\n${(detail as Error)?.stack ?? ''}\n`);
    return { exit: 1 };
  }
  const routes = listTasks().map((t) => ({ name: t.name, queue: t.queue }));
  if (routes.length === 0) return usageError(io, [`app module '${base.value.app}' registered no tasks (call registerTask on import)`]);
  if (args.listTasks) {
    io.out(args.json ? JSON.stringify(routes, null, 2) + '\n' : args.values ? valuesCatalogue(routes, base.value.app) : table(routes));
    return { exit: 0 };
  }
  const profile = await loadProfile(args, io);
  if ('errors' in profile) return usageError(io, profile.errors);
  const cfg = resolveConfig(base.value, args, routes, profile.value);
  if (!cfg.ok) return usageError(io, cfg.errors);
  if (args.printConfig) {
    io.out(
      JSON.stringify(
        { ...cfg.value, brokerUrl: redact(cfg.value.brokerUrl), ...(cfg.value.redis ? { redis: printableTarget(cfg.value.redis) } : {}) },
        null,
        2,
      ) + '\n',
    );
    return { exit: 0 };
  }
  return { run: cfg.value };
}

async function loadProfile(args: WorkerArgs, io: CliIo): Promise<{ value?: Profile } | { errors: string[] }> {
  if (!args.profile || !args.profilesFile) return {};
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, args.profilesFile), 'utf8');
  } catch (err) {
    return { errors: [`--profiles-file=${args.profilesFile}: cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`] };
  }
  const { parseProfiles } = await import('./profiles.js'); // loads `yaml` only when a profile is used
  const parsed = parseProfiles(text, args.profilesFile);
  if (!parsed.ok) return { errors: parsed.errors };
  const value = own(parsed.profiles, args.profile);
  if (!value) {
    const known = Object.keys(parsed.profiles).join(', ') || '(none)';
    return { errors: [`unknown profile '${args.profile}' in ${args.profilesFile}; known profiles: ${known}`] };
  }
  return { value };
}

function usageError(io: CliIo, errors: string[]): CliOutcome {
  io.err(errors.map((e) => `${NAME}: error: ${e}\n`).join('') + `Run '${NAME} --help' for usage.\n`);
  return { exit: 2 };
}

function table(routes: { name: string; queue: string }[]): string {
  const width = Math.max(4, ...routes.map((r) => r.name.length));
  return [`${'TASK'.padEnd(width)}  QUEUE`, ...routes.map((r) => `${r.name.padEnd(width)}  ${r.queue}`)].join('\n') + '\n';
}
