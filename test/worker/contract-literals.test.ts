// The worker takes every contract value from src/contract (one place, which tb-gen and the chart's
// generated helpers read too) instead of typing its own copy: a scan of the code of src/worker and
// src/producer (every folder under them), comments and imports aside, for the contract's names,
// paths and defaults, and for copies of its helpers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as D from '../../src/contract/defaults.js';
import { ENV, TUNING_ENV } from '../../src/contract/env.js';
import { ROOT } from '../helpers/worker.js';

const dir = (d: string): string[] =>
  readdirSync(join(ROOT, d), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? dir(join(d, e.name)) : e.name.endsWith('.ts') ? [join(d, e.name)] : [],
  );
const RUNTIME = [...dir('src/worker'), ...dir('src/producer')];
/** A file's code lines: no comments, no import or export-from lines, no import() paths (`./bullmq/runner.js`). */
const code = (file: string): Array<[number, string]> =>
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .map((line, i): [number, string] => [i + 1, line.replace(/\/\/.*$/, '').replace(/import\(\s*'[^']*'\s*\)/g, 'import()')])
    .filter(([, l]) => !/^\s*(\*|\/\*)/.test(l) && !/^\s*(import|export)\b.*\bfrom\s/.test(l) && !/^\s*import\(/.test(l));

describe('contract values come from src/contract', () => {
  const values = [
    ...Object.values(ENV),
    ...Object.values(TUNING_ENV),
    D.PROBES.liveness.path,
    D.PROBES.readiness.path,
    D.METRICS_PATH,
    D.CONTAINER.command,
    D.DEFAULT_BROKER_URL,
    D.DEFAULT_BACKEND,
    D.DEFAULT_PREFIX,
    String(D.HEALTH_PORT),
  ];
  it.each(values)('src/worker and src/producer type no copy of %s', (value) => {
    const escaped = value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const copy = new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`);
    const hits = RUNTIME.flatMap((f) => code(f).flatMap(([n, l]) => (copy.test(l) ? [`${f}:${n}: ${l.trim()}`] : [])));
    expect(hits).toEqual([]);
  });

  it('one isMap (src/contract/shapes.ts) and one flag table: no copies in the worker, the producer or the contract', () => {
    const files = [...RUNTIME, ...dir('src/contract')];
    const defs = files.filter((f) => code(f).some(([, l]) => /\b(const|function)\s+isMap\b/.test(l)));
    expect(defs).toEqual(['src/contract/shapes.ts']);
    const flagCopies = files.flatMap((f) =>
      code(f).flatMap(([n, l]) => (/['"`]--(tasks|exclude-tasks|queues|exclude-queues)['"`]/.test(l) ? [`${f}:${n}`] : [])),
    );
    expect(flagCopies).toEqual([]);
  });
});
