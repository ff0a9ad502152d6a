// The import graph of src/, folder by folder: imports run one way (cli -> review -> generate ->
// audit -> render -> plan -> values -> contract; worker -> producer -> contract), so the shared
// contract never depends on what uses it, tb-gen never loads the worker (or bullmq), and a producer
// never loads the worker runtime. Module by module: no cycle, `import type` included.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const SRC = join(ROOT, 'src');

/** Folder -> the folders (or root files) its modules may import. Anything not listed is refused. */
const ALLOWED: Record<string, readonly string[]> = {
  contract: [],
  values: ['contract'],
  plan: ['values', 'contract'],
  render: ['plan', 'values', 'contract'],
  audit: ['render', 'plan', 'values', 'contract'],
  'generate.ts': ['audit', 'render', 'plan', 'values', 'contract'],
  review: ['generate.ts', 'render', 'plan', 'values', 'contract'],
  cli: ['review', 'generate.ts', 'render', 'plan', 'values', 'contract'],
  producer: ['contract'],
  worker: ['producer', 'contract'],
  'index.ts': ['cli', 'generate.ts', 'render', 'plan', 'values', 'contract'],
};

/** Packages a node may import (the rest of npm is the worker's or tb-gen's business alone). */
const PACKAGES: Record<string, readonly string[]> = {
  contract: [],
  producer: ['bullmq', 'ioredis', 'yaml', 'amqplib'],
  worker: ['bullmq', 'ioredis', 'yaml', 'prom-client', 'pino', 'amqplib'],
};

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

/** The node a file belongs to: its top folder under src/, or the root file itself. */
const nodeOf = (file: string): string => (relative(SRC, file).split('/')[0] as string).replace(/\.js$/, '.ts');

/** Every module specifier a file imports, statically or with import(). */
function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
}

const edges = files(SRC).flatMap((file) => specifiers(file).map((spec) => ({ file: relative(ROOT, file), from: nodeOf(file), spec })));

describe('src/ import graph', () => {
  it('finds the imports it judges', () => {
    expect(edges.length).toBeGreaterThan(100);
    const nodes = [...new Set(edges.map((e) => e.from))];
    expect(
      nodes.filter((n) => !(n in ALLOWED)),
      'a folder of src/ without a row in ALLOWED',
    ).toEqual([]);
  });

  it('imports only along the allowed edges between folders', () => {
    const bad = edges
      .filter((e) => e.spec.startsWith('.'))
      .map((e) => ({ ...e, to: nodeOf(resolve(dirname(join(ROOT, e.file)), e.spec)) }))
      .filter((e) => e.to !== e.from && !(ALLOWED[e.from] ?? []).includes(e.to))
      .map((e) => `${e.file} imports ${e.spec} (${e.from} -> ${e.to})`);
    expect(bad).toEqual([]);
  });

  it('keeps packages where they belong: none in the contract, bullmq only in the worker and the producer', () => {
    const bad = edges
      .filter((e) => !e.spec.startsWith('.') && !e.spec.startsWith('node:'))
      .filter((e) => (PACKAGES[e.from] ? !PACKAGES[e.from]?.includes(e.spec) : ['bullmq', 'ioredis'].includes(e.spec)))
      .map((e) => `${e.file} imports ${e.spec}`);
    expect(bad).toEqual([]);
  });
});

/** Every relative import of a module, as the .ts module it names (import type and import() included). */
const graph = new Map(
  files(SRC).map((file) => [
    relative(ROOT, file),
    specifiers(file)
      .filter((s) => s.startsWith('.'))
      .map((s) => relative(ROOT, resolve(dirname(file), s)).replace(/\.js$/, '.ts')),
  ]),
);

/** The strongly connected components of more than one module (or a module importing itself): the cycles. */
function cycles(g: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) visit(w);
      if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) scc.push(w);
    if (scc.length > 1 || g.get(v)?.includes(v)) out.push(scc.sort());
  };
  for (const v of [...g.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}

describe('src/ module cycles', () => {
  it('finds a cycle when there is one (type-only imports count)', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    // an `import type` only (transport.ts takes no value from the protocol) is an edge like any other
    expect(graph.get('src/worker/celery/transport.ts')).toContain('src/producer/celery/protocol.ts');
  });

  it('has none', () => {
    expect(cycles(graph)).toEqual([]);
  });
});
