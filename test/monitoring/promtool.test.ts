// The rules, proven by Prometheus' own tool (Debian's promtool 2.42): `promtool check rules` on
// every rule file tb-gen renders, plain and inside the PrometheusRule of every golden case, and
// `promtool test rules` firing and clearing each alert on synthetic series (alerts.promtool.yml).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERTS } from '../../src/contract/monitoring/rules.js';
import { goldenCases, ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';

const run = promisify(execFile);
const HERE = join(ROOT, 'test/monitoring');
const scratch = mkdtempSync(join(tmpdir(), 'tb-promtool-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Run promtool; a failure is an outcome with its output. */
async function promtool(args: string[], cwd: string): Promise<{ ok: boolean; out: string }> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd });
    return { ok: true, out: stdout + stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, out: (err.stdout ?? '') + (err.stderr ?? err.message) };
  }
}

/** A fresh directory with `tb-gen rules` output as rules.yml and the unit tests beside it. */
async function unitDir(name: string, extra: string[] = []): Promise<string> {
  const dir = join(scratch, name);
  const r = await cli(['rules', '-f', 'test/monitoring/values.yaml', '--namespace', 'jobs', ...extra], { cwd: ROOT });
  expect(r.code, r.stderr).toBe(0);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'rules.yml'), r.stdout);
  copyFileSync(join(HERE, 'alerts.promtool.yml'), join(dir, 'alerts.promtool.yml'));
  return dir;
}

describe('promtool test rules', () => {
  it('fires and clears every alert on synthetic series', async () => {
    const dir = await unitDir('defaults');
    const r = await promtool(['test', 'rules', 'alerts.promtool.yml'], dir);
    expect(r.ok, r.out).toBe(true);
    expect(r.out).toContain('SUCCESS');
  });

  it('covers every alert of the contract', () => {
    const text = readFileSync(join(HERE, 'alerts.promtool.yml'), 'utf8');
    const tested = new Set([...text.matchAll(/alertname: (\w+)/g)].map((m) => m[1]));
    expect([...tested].sort()).toEqual(ALERTS.map((a) => a.alert).sort());
  });

  it('fails when the values move a threshold the tests rely on (the rules follow the values)', async () => {
    const dir = await unitDir('moved', ['--set', 'monitoring.rules.alerts.backlog.threshold=20']);
    const r = await promtool(['test', 'rules', 'alerts.promtool.yml'], dir);
    expect(r.ok).toBe(false);
    expect(r.out).toContain('TaskBackendBacklogHigh');
  });
});

describe('promtool check rules', () => {
  const cases = goldenCases();

  it.each(cases)('accepts `tb-gen rules` for $name, or tb-gen says why it has none', async (c) => {
    const r = await cli(['rules', ...c.argv], { cwd: c.cwd });
    if (r.code !== 0) {
      expect(r.stderr).toContain('no enabled worker runs task-backend-worker');
      return;
    }
    const file = join(scratch, `${c.name}.rules.yml`);
    writeFileSync(file, r.stdout);
    const check = await promtool(['check', 'rules', file], scratch);
    expect(check.ok, check.out).toBe(true);
  });

  it('accepts the groups of every rendered PrometheusRule', async () => {
    const files = cases.flatMap((c) =>
      readdirSync(c.expected)
        .filter((f) => f.endsWith('-prometheusrule.yaml'))
        .map((f) => join(c.expected, f)),
    );
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const spec = (parse(readFileSync(f, 'utf8')) as { spec: { groups: unknown[] } }).spec;
      const out = join(scratch, 'operator.rules.yml');
      writeFileSync(out, JSON.stringify({ groups: spec.groups }));
      const check = await promtool(['check', 'rules', out], scratch);
      expect(check.ok, `${f}: ${check.out}`).toBe(true);
    }
  });

  it('rejects a broken rule file (the check can fail)', async () => {
    const file = join(scratch, 'broken.rules.yml');
    writeFileSync(file, 'groups:\n  - name: x\n    rules:\n      - alert: X\n        expr: sum(rate(x[5m])\n');
    expect((await promtool(['check', 'rules', file], scratch)).ok).toBe(false);
  });
});

it('promtool is installed (Debian prometheus)', () => {
  expect(existsSync('/usr/bin/promtool')).toBe(true);
});
