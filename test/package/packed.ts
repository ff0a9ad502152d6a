// The package as users get it: `npm pack` of this working copy (built by `make build`), installed
// with `npm install ./task-backend-workers-X.tgz` into an empty project, as the README says. npm
// reads the dependencies from its cache when it can (--prefer-offline) and asks the registry
// otherwise; no dev dependency and no build step reach the project.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/fixtures.js';

/** What `npm pack --json` says of the tarball. */
export interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  files: Array<{ path: string; size: number }>;
}

/** The package's own package.json. */
export const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  exports: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Pack the working copy into `dir` (no scripts run: the build is make's). */
export function pack(dir: string): PackInfo {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return (JSON.parse(out) as PackInfo[])[0] as PackInfo;
}

/** An empty project (`type: module`) beside a copy of the tarball, with nothing installed yet. */
export function emptyProject(info: PackInfo, from: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tb-user-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-app', private: true, type: 'module' }, null, 2) + '\n');
  copyFileSync(join(from, info.filename), join(dir, info.filename));
  return dir;
}

/** `npm install ./<tarball>` in `dir`, as a user types it. */
export function installTarball(dir: string, filename: string): void {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `./${filename}`], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}
