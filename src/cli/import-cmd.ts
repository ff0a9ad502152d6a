// `tb-gen import celery`: Celery worker command lines (a file, or stdin) -> a values file on stdout
// that renders one runtime-celery worker per line; what it cannot map goes to stderr at file:line.
import type { Command } from 'commander';
import { parse } from 'yaml';
import { importCelery } from '../values/celery-import.js';
import { isMap } from '../contract/shapes.js';
import type { Values } from '../values/model.js';
import { toYaml } from '../render/serialize.js';
import { EXIT } from './common.js';
import { readSource, UsageError, type Io } from './io.js';

interface ImportOpts {
  tasks?: string;
  image?: string;
}

/** Add `tb-gen import celery [file]`; exit 0 written (notes allowed), 1 a line is no worker command, 2 usage. */
export function registerImportCommand(program: Command, io: Io, onExit: (code: number) => void): void {
  program
    .command('import')
    .description('write a values file from existing worker command lines (stdout)')
    .command('celery')
    .description('one runtime-celery worker per `celery -A app worker -Q ...` line of FILE (default stdin)')
    .argument('[file]', 'command lines, one per line; - is stdin', '-')
    .option('--tasks <file>', 'a tasks: catalogue (YAML, as `task-backend-worker --list-tasks --values` prints) to route by')
    .option('--image <repository[:tag]>', "your Python Celery app's image")
    .action((file: string, o: ImportOpts) => onExit(importCmd(io, file, o)));
}

function importCmd(io: Io, file: string, o: ImportOpts): number {
  const src = readSource(io, file, 'command-line file');
  const { values, notes } = importCelery(src.name, src.text, o.tasks ? catalogue(io, o.tasks) : undefined);
  for (const n of notes) io.stderr(`${n.file}:${n.line}: ${n.severity}: ${n.message}\n`);
  if (!values) return EXIT.invalid;
  if (o.image) values.image = image(o.image);
  else io.stderr('note: no --image: set image.repository to your Python Celery app image (validate refuses the default one)\n');
  io.stderr('note: set the broker: taskConfig.brokerSecret {name, key} (or broker_url for development)\n');
  io.stdout(`# Imported by tb-gen import celery from ${src.name}; check it with tb-gen validate.\n${toYaml(values)}`);
  return EXIT.ok;
}

// The catalogue file: a values-style `tasks:` map, or the map itself.
function catalogue(io: Io, path: string): Values['tasks'] {
  const src = readSource(io, path, 'task catalogue');
  let doc: unknown;
  try {
    doc = parse(src.text);
  } catch (e) {
    throw new UsageError(`${src.name}: not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const tasks = isMap(doc) && isMap(doc.tasks) ? doc.tasks : doc;
  if (!isMap(tasks)) throw new UsageError(`${src.name}: expected a tasks: map of <task>: { queue: <queue> }`);
  return tasks as Values['tasks'];
}

// repository[:tag], the tag after the last ':' that follows the last '/' (a registry port is not a tag).
function image(ref: string): NonNullable<Values['image']> {
  const colon = ref.lastIndexOf(':');
  return colon > ref.lastIndexOf('/') ? { repository: ref.slice(0, colon), tag: ref.slice(colon + 1) } : { repository: ref };
}
