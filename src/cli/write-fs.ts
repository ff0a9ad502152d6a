// The file-system steps under write.ts: what an entry is (without following symlinks), the
// temporary directory a write builds in, the leftovers of killed runs, and deferred signals.
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { constants } from 'node:os';
import { visibleLine } from '../contract/visible.js';
import { UsageError } from './io.js';

/** What is at a path, symlinks not followed: a dangling link is told apart from nothing. */
export function kindOf(path: string): 'none' | 'file' | 'dir' | 'link' | 'dangling' | 'other' {
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return 'none';
  }
  if (st.isSymbolicLink()) {
    try {
      statSync(path);
      return 'link';
    } catch {
      return 'dangling';
    }
  }
  return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : 'other';
}

/** A regular file (not a symlink to one) whose first bytes are `header`. */
export function isGenerated(path: string, header: string): boolean {
  if (kindOf(path) !== 'file') return false;
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(Buffer.byteLength(header));
    return readSync(fd, head, 0, head.length, 0) === head.length && head.toString('utf8') === header;
  } finally {
    closeSync(fd);
  }
}

// `.NAME.tmp-PID-RANDOM`: the PID says whose it is, so a later run can tell a killed run's leftovers.
const TMP = (name: string) => new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.tmp-(\\d+)-[0-9a-f]+(\\.old)?$`);

/** A new, empty sibling directory to build the output in, with the mode a plain mkdir gives (umask applied). */
export function makeTmp(parent: string, name: string, given: string): string {
  const tmp = join(parent, `.${name}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(tmp);
  } catch (e) {
    throw fsProblem(e, `--out ${given}: cannot create a directory in ${parent}`);
  }
  return tmp;
}

/** Remove the temporary directories of earlier runs of this output that were killed (their PID is gone). */
export function sweepStale(parent: string, name: string): void {
  const re = TMP(name);
  for (const entry of readdirSync(parent)) {
    const m = re.exec(entry);
    if (m && !alive(Number(m[1]))) rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

let armed = false;

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP during a write: with a listener installed, Node delivers the
 * signal only after the synchronous write has finished (whole, or removed on failure), then exits
 * as the signal would have (128 + its number). Installed once, at the first write.
 */
export function armSignals(): void {
  if (armed) return;
  armed = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, () => process.exit(128 + constants.signals[sig]));
}

/** A file-system failure as a usage error that names the place and the reason, never a stack trace. */
export function fsProblem(e: unknown, what: string): Error {
  if (e instanceof UsageError) return e;
  const err = e as NodeJS.ErrnoException;
  if (!err.code) return e as Error;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'not permitted',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EEXIST: 'a part of the path is a file, not a directory',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only',
    ELOOP: 'too many levels of symlinks',
    ENAMETOOLONG: 'the name is too long',
  };
  return new UsageError(`${visibleLine(what)}: ${why[err.code] ?? err.code}${err.path ? ` (${visibleLine(err.path)})` : ''}`);
}
