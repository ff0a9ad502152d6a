// The package version, read once for both bins' --version (the worker's and task-backend-enqueue).

import { readFileSync } from 'node:fs';

/** The version in the package.json this file ships in (dist/src/producer/ is three folders down). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
