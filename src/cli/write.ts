// Stage 6: output. A directory is replaced whole and atomically, or compared with --check.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { byString } from '../config/diagnostics.js';
import { UsageError } from './io.js';

export interface OutFile { name: string; content: string }

/**
 * Write files (names may hold sub-directories) into dir: all of them, or on any failure none.
 * Old output is replaced whole, and only when `guard` accepts the directory that is there.
 */
export function writeDir(dir: string, files: readonly OutFile[], guard: (target: string) => void = guardOwnOutput): void {
  const target = resolve(dir);
  if (existsSync(target) && !statSync(target).isDirectory()) throw new UsageError(`--out ${target} exists and is not a directory`);
  if (existsSync(target)) guard(target);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    for (const f of files) {
      mkdirSync(dirname(join(tmp, f.name)), { recursive: true });
      writeFileSync(join(tmp, f.name), f.content);
    }
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

// Replacing a directory must never delete something tb-gen did not write.
function guardOwnOutput(target: string): void {
  const foreign = readdirSync(target).filter((n) => !n.endsWith('.yaml'));
  if (foreign.length) {
    throw new UsageError(`refusing to replace ${target}: it holds ${foreign.slice(0, 3).join(', ')}, which tb-gen did not write; choose an empty or new directory`);
  }
}

/** Differences between dir and the files it should hold, one line each; empty when in sync. */
export function checkDir(dir: string, files: readonly OutFile[]): string[] {
  const target = resolve(dir);
  const have = existsSync(target) ? readdirSync(target).filter((n) => n.endsWith('.yaml')).sort() : [];
  const want = new Map(files.map((f) => [f.name, f.content]));
  const drift: string[] = [];
  for (const [name, content] of [...want].sort(([a], [b]) => byString(a, b))) {
    if (!have.includes(name)) drift.push(`${join(dir, name)}: missing`);
    else if (readFileSync(join(target, name), 'utf8') !== content) drift.push(`${join(dir, name)}: differs`);
  }
  for (const name of have) if (!want.has(name)) drift.push(`${join(dir, name)}: not rendered any more`);
  return drift;
}
