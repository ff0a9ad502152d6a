// The README's first command: `make render` prints the manifests and nothing else on stdout, and
// rebuilds nothing when no input changed (make -q says the build is up to date).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/fixtures.js';
import { cli } from './helpers/run.js';

// --no-print-directory: run from `make test`, this make is a sub-make (MAKELEVEL=1) and would
// print "Entering directory" on stdout, which is make's, not the README command's.
const make = (...args: string[]) => spawnSync('make', ['--no-print-directory', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });

describe('make render', () => {
  it("prints exactly what tb-gen render prints for the brief's values, on stdout alone", async () => {
    const r = make('render');
    expect(r.status, r.stderr).toBe(0);
    const direct = await cli(['render', '-f', 'examples/values.yaml'], { cwd: ROOT });
    expect(r.stdout).toBe(direct.stdout);
    expect(r.stderr).toBe(direct.stderr);
  });

  it('has nothing to rebuild once built', () => {
    expect(make('-q', 'build').status, 'make -q build: 0 means up to date').toBe(0);
  });
});
