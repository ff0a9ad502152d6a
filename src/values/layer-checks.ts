// Checks across the values layers: a worker that only a later file names, close to a worker an
// earlier file defines, is most likely a misspelling that would deploy a worker of its own.
import { closest, diag, toPointer, type Diagnostic } from './diagnostics.js';
import type { Layer } from './load.js';
import { isMap } from '../contract/shapes.js';

/** LIKELY_MISSPELLED_WORKER for each worker key a later layer introduces near an earlier name. */
export function misspelledWorkers(layers: readonly Layer[]): Diagnostic[] {
  const known = new Set<string>();
  const out: Diagnostic[] = [];
  for (const layer of layers) {
    const workers = layer.data.workers;
    if (!isMap(workers)) continue;
    const before = [...known];
    for (const name of Object.keys(workers)) {
      if (known.has(name)) continue;
      known.add(name);
      const near = before.length ? closest(name, before) : undefined;
      const pos = near === undefined ? undefined : layer.locate(['workers', name], { key: true });
      if (near === undefined || !pos) continue;
      out.push(
        diag(
          'LIKELY_MISSPELLED_WORKER',
          `worker \`${name}\` is new in ${layer.file}, and close to worker \`${near}\` that an earlier file defines`,
          pos,
          toPointer(['workers', name]),
          `did you mean \`${near}\`? A new name deploys a worker of its own`,
        ),
      );
    }
  }
  return out;
}
