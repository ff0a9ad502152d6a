// One version: package.json, the chart's version and appVersion, the image tag the manifests
// start (and scripts/image-build.sh builds), every bin's --version, and a CHANGELOG entry.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/fixtures.js';
import { PKG } from './packed.js';

const chart = parse(readFileSync(join(ROOT, 'chart/Chart.yaml'), 'utf8')) as { version: string; appVersion: string };
const node = (file: string, args: string[]) => spawnSync(process.execPath, [join(ROOT, file), ...args], { cwd: ROOT, encoding: 'utf8' });

describe(`one version (${PKG.version})`, () => {
  it('is semver', () => expect(PKG.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/));

  it('chart/Chart.yaml version and appVersion', () => {
    expect(chart.version).toBe(PKG.version);
    expect(chart.appVersion).toBe(PKG.version);
  });

  it.each(Object.entries(PKG.bin))('%s --version (make build)', (bin, file) => {
    const r = node(file, ['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toMatch(new RegExp(`^(${bin} )?${PKG.version.replace(/\./g, '\\.')}$`));
  });

  it('the image tag tb-gen renders when the values name none, which image-build.sh builds', () => {
    const r = node('dist/bin/tb-gen.mjs', ['render', '-f', 'examples/values.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect([...new Set(r.stdout.match(/image: \S+/g))]).toEqual([`image: task-backend:${PKG.version}`]);
    expect(readFileSync(join(ROOT, 'scripts/image-build.sh'), 'utf8')).toMatch(/VERSION=\$\(sed -n 's\/\^appVersion:/);
  });

  it('CHANGELOG.md has an entry for it', () => {
    expect(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## \\[${PKG.version.replace(/\./g, '\\.')}\\]`, 'm'));
  });
});
