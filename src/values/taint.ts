// Which parts of the values passed the schema. Later checks run on every worker whose own values
// (its entry, its profile, defaults, and the shared keys it uses) are clean, so one run reports
// every problem instead of one stage at a time.
import { toPointer, type Diagnostic } from './diagnostics.js';

/** `isClean(path)`: no error points into `path`, at it, or at one of its ancestors. */
export type Clean = (path: readonly string[]) => boolean;

/** A Clean over the pointers of the given (schema) errors. */
export function cleanOf(errors: readonly Diagnostic[]): Clean {
  const dirty = errors.filter((d) => d.severity === 'error').map((d) => d.pointer);
  return (path) => {
    const p = toPointer(path);
    return !dirty.some((d) => d === p || d.startsWith(p + '/') || p.startsWith(d + '/') || d === '');
  };
}

/** Shared keys every worker's checks and rendering read. */
export const SHARED_KEYS = ['taskConfig', 'tasks', 'nameOverride', 'fullnameOverride', 'defaults'] as const;
