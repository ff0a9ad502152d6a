// Where the package's own files are, whether run from src/ (tests) or dist/src/ (the bin).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: the nearest parent of this module that holds package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
  return dir;
}

export const schemaPath = (): string => join(packageRoot(), 'schemas', 'values.schema.json');
export const chartDir = (): string => join(packageRoot(), 'chart');
