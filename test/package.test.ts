// package.json's bin and exports point at files the build makes, and they load.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  bin: Record<string, string>;
  exports: Record<string, string>;
};

describe('package.json', () => {
  it.each(Object.entries(pkg.bin))('bin %s -> %s exists (make build)', (_, file) => {
    expect(existsSync(join(ROOT, file)), `${file}: run make build`).toBe(true);
  });

  it.each(Object.entries(pkg.exports))('export %s -> %s loads in a plain node process', (_, file) => {
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const m = await import(${JSON.stringify(join(ROOT, file))}); console.log(Object.keys(m).length)`],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(Number(r.stdout)).toBeGreaterThan(0);
  });

  /** Every package the built module `entry` loads, statically, through its relative imports. */
  const packagesOf = (entry: string): { packages: Set<string>; files: number } => {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const walk = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, from, bare] of readFileSync(file, 'utf8').matchAll(
        /^(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm,
      )) {
        const spec = (from ?? bare) as string;
        if (spec.startsWith('.')) walk(join(file, '..', spec));
        else packages.add(spec);
      }
    };
    walk(join(ROOT, entry));
    return { packages, files: seen.size };
  };

  it('the main export renders without the worker runtime: no bullmq in its import graph', () => {
    const { packages, files } = packagesOf(pkg.exports['.'] as string);
    expect([...packages].filter((p) => /^(bullmq|ioredis)$/.test(p))).toEqual([]);
    expect(files).toBeGreaterThan(10);
  });

  it('the producer export loads BullMQ, ioredis and yaml, not the worker runtime (pino, prom-client)', () => {
    const { packages } = packagesOf(pkg.exports['./producer'] as string);
    expect([...packages].filter((p) => !p.startsWith('node:')).sort()).toEqual(['bullmq', 'ioredis', 'yaml']);
  });

  it('dist/src holds only what src/ compiles to: a deleted source leaves no module behind (make build cleans it)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
    const dist = join(ROOT, 'dist/src');
    const stale = files(dist)
      .filter((f) => f.endsWith('.js'))
      .map((f) => relative(dist, f).replace(/\.js$/, '.ts'))
      .filter((ts) => !existsSync(join(ROOT, 'src', ts)));
    expect(stale, 'compiled modules without a source: run make build').toEqual([]);
  });
});
