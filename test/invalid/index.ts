// The one table of invalid (and suspicious) input. tb-gen runs it in test/invalid.test.ts, Helm 3
// and Helm 4 in test/chart/invalid.test.ts.
import { runRow, type Row } from '../helpers/expect-diagnostics.js';
import { APP_LAYER } from '../helpers/run.js';
import { CELERY_ROWS } from './celery.js';
import { CHECK_ROWS } from './checks.js';
import { ENV_ROWS, K8S_FIELD_ROWS } from './k8s-fields.js';
import { REDIS_ROWS } from './redis.js';
import { POD_SECURITY_ROWS, SCALING_ROWS } from './scaling.js';
import { SCHEMA_ROWS } from './schema.js';
import { SLIP_ROWS } from './slips.js';
import { SOURCE_ROWS } from './sources.js';

export const INVALID_ROWS: readonly Row[] = [
  ...SOURCE_ROWS,
  ...SCHEMA_ROWS,
  ...CHECK_ROWS,
  ...SCALING_ROWS,
  ...REDIS_ROWS,
  ...POD_SECURITY_ROWS,
  ...K8S_FIELD_ROWS,
  ...ENV_ROWS,
  ...CELERY_ROWS,
  ...SLIP_ROWS,
];

/** A row as the files and flags a user would pass: profiles files first, then -f files, then --set. */
export interface RowCommand {
  profiles: string[];
  values: string[];
  sets: string[];
  release?: string;
  files: Record<string, string>;
}

/** The files and flags of a row, the app layer first among the -f files unless the row leaves it out. */
export function rowInputs(row: Row): RowCommand {
  const { sources } = runRow(row);
  const values = row.noApp ? sources.values : [APP_LAYER, ...sources.values];
  const files = Object.fromEntries([...sources.profiles, ...values].map((s) => [s.name, s.text]));
  return {
    profiles: sources.profiles.map((s) => s.name),
    values: values.map((s) => s.name),
    sets: sources.sets,
    files,
    ...(row.release ? { release: row.release } : {}),
  };
}

/** The tb-gen command line for a row, and the files it reads. */
export function rowCommand(row: Row): { argv: string[]; files: Record<string, string> } {
  const i = rowInputs(row);
  const argv = [
    'render',
    ...i.profiles.flatMap((f) => ['--profiles', f]),
    ...i.values.flatMap((f) => ['-f', f]),
    ...i.sets.flatMap((s) => ['--set', s]),
    ...(i.release ? ['--release', i.release] : []),
  ];
  return { argv, files: i.files };
}
