// Where a worker's key was written, for checks that report on a resolved worker: the worker's own
// entry, else its profile, else defaults, in the last layer that wrote it; never a guess.
import type { Position } from './diagnostics.js';
import { locateIn, type Layer } from './load.js';
import type { Values } from './model.js';
import { own } from '../contract/shapes.js';

/** Where a worker key was written: the worker, else its profile, else defaults; never a guess. */
export type Locator = (worker: string, path: readonly (string | number)[], opts?: { key?: boolean }) => Position;

/** The locator of the checks, for the checks of the plan and the Pod Security check after render. */
export function workerLocator(layers: readonly Layer[], values: Values): Locator {
  return (worker, path, opts = {}) => {
    const mine = own(values.workers, worker);
    const profile = mine?.profile ?? values.defaults?.profile;
    const candidates = [['workers', worker, ...path], ...(profile ? [['profiles', profile, ...path]] : []), ['defaults', ...path]];
    for (const c of candidates) {
      for (let i = layers.length - 1; i >= 0; i--) {
        const pos = (layers[i] as Layer).locate(c, opts);
        if (pos) return pos;
      }
    }
    return locateIn(layers, ['workers', worker], { key: true });
  };
}
