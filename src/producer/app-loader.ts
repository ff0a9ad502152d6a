// Load the application module that registers tasks: a file path relative to the working directory,
// or a package name resolved from it. Importing the module is what registers its tasks.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Why an app did not load: not found is a usage error (exit 2), a throwing module is a bug (exit 1). */
export class AppLoadError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-found' | 'threw',
    readonly detail?: unknown,
  ) {
    super(message);
  }
}

/** What to import for `spec`: a file URL, a package resolved from cwd, else the bare name for import(). */
export function resolveAppUrl(spec: string, cwd: string): string | undefined {
  const file = isAbsolute(spec) ? spec : resolve(cwd, spec);
  if (existsSync(file)) return pathToFileURL(file).href;
  if (spec.startsWith('.') || isAbsolute(spec)) return undefined;
  try {
    return pathToFileURL(createRequire(resolve(cwd, 'noop.js')).resolve(spec)).href;
  } catch {
    return spec; // an import-only package, or one installed beside the worker: let import() decide
  }
}

/** Import the app module; tasks register themselves as a side effect of the import. */
export async function loadApp(spec: string, cwd = process.cwd()): Promise<void> {
  const url = resolveAppUrl(spec, cwd);
  if (!url) {
    throw new AppLoadError(`cannot find app module '${spec}' (looked for a file under ${cwd} and a package)`, 'not-found');
  }
  try {
    await import(url);
  } catch (err) {
    const code = (err as { code?: string })?.code;
    if (url === spec && (code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED')) {
      // Node names the package it looked for: `dist` for 'dist/app.js', a path meant as a file.
      const pkg = spec
        .split('/')
        .slice(0, spec.startsWith('@') ? 2 : 1)
        .join('/');
      const message = String((err as Error).message);
      if (message.includes(`'${spec}'`) || message.includes(`'${pkg}'`)) {
        throw new AppLoadError(
          `cannot find app module '${spec}' (no such file ${resolve(cwd, spec)}, no such package '${pkg}')`,
          'not-found',
        );
      }
    }
    throw new AppLoadError(`app module '${spec}' failed to load: ${(err as Error)?.message ?? String(err)}`, 'threw', err);
  }
}
