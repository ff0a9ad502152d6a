// The chart through a real OCI registry, with every installed Helm major: `helm package`, `helm
// push` (plain HTTP on loopback), then `helm show chart` and `helm template` from
// oci://... with a pinned --version render exactly what the chart directory renders. `tb-gen chart`
// output packages and pushes the same way, and renders what `tb-gen render` prints (renderer labels
// aside). Helm's config, cache and registry login file live in a temporary directory.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/run.js';
import { ROOT } from '../helpers/fixtures.js';
import { CHART, findHelms, helm, parseObjects, withoutRendererLabels, type Helm } from '../chart/helm.js';
import { PKG } from './packed.js';
import { startRegistry, type Registry } from '../helpers/registry.js';

const HELMS = findHelms();
let registry: Registry;
beforeAll(async () => {
  registry = await startRegistry();
  for (const k of ['CACHE', 'CONFIG', 'DATA']) process.env[`HELM_${k}_HOME`] = join(registry.dir, 'helm', k.toLowerCase());
}, 30_000);
afterAll(() => registry?.stop());

const VALUES = ['-f', 'examples/values.yaml'];
const major = (h: Helm) => h.version.split('.')[0] as string;

/** Run helm and return its stdout (Helm 3 logs `Pulled:` and `Pushed:` on stderr, Helm 4 on stdout; `both` for those), failing the test with Helm's stderr. */
async function ok(h: Helm, args: string[], both = false): Promise<string> {
  const out = await helm(h, args, ROOT);
  expect(out.ok, `helm ${args.join(' ')}\n${out.stderr}`).toBe(true);
  return both ? out.stdout + out.stderr : out.stdout;
}

/** Package a chart directory and push it under oci://<registry>/<path>; returns the chart reference. */
async function publish(h: Helm, chartDir: string, path: string): Promise<string> {
  const dest = join(registry.dir, 'packages', path);
  mkdirSync(dest, { recursive: true });
  await ok(h, ['package', chartDir, '-d', dest]);
  const pushed = await ok(
    h,
    ['push', join(dest, `task-worker-${PKG.version}.tgz`), `oci://${registry.host}/${path}`, '--plain-http'],
    true,
  );
  expect(pushed).toContain(`Pushed: ${registry.host}/${path}/task-worker:${PKG.version}`);
  return `oci://${registry.host}/${path}/task-worker`;
}

it('finds a Helm (make helm)', () => expect(HELMS).not.toEqual([]));

describe.each(HELMS.map((h) => [h.label, h] as const))('%s', (_label, h) => {
  it('pushes the chart to the registry and renders it from there as from the directory', async () => {
    const ref = await publish(h, CHART, `${major(h)}/charts`);
    const shown = await ok(h, ['show', 'chart', ref, '--version', PKG.version, '--plain-http']);
    expect(shown).toMatch(new RegExp(`^version: ${PKG.version}$`, 'm'));
    const fromRegistry = await ok(h, ['template', 'task-worker', ref, '--version', PKG.version, '--plain-http', ...VALUES]);
    const fromDir = await ok(h, ['template', 'task-worker', CHART, ...VALUES]);
    expect(fromRegistry).toBe(fromDir);
    expect(fromRegistry).toContain('kind: Deployment');
  });

  it('pushes the chart tb-gen chart writes, which renders what tb-gen render prints', async () => {
    const dir = join(registry.dir, `tb-gen-chart-${major(h)}`);
    const written = await cli(['chart', ...VALUES, '-o', dir], { cwd: ROOT });
    expect(written.code, written.stderr).toBe(0);
    const ref = await publish(h, dir, `${major(h)}/team`);
    const rendered = await ok(h, ['template', 'task-worker', ref, '--version', PKG.version, '--plain-http', '--namespace', 'default']);
    const tbGen = await cli(['render', ...VALUES, '--namespace', 'default'], { cwd: ROOT });
    expect(tbGen.code, tbGen.stderr).toBe(0);
    const objects = (s: string) => withoutRendererLabels(parseObjects(s.slice(s.indexOf('---'))));
    expect(objects(rendered)).toEqual(objects(tbGen.stdout));
  });
});
