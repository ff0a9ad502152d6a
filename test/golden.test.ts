// Golden files: every fixture and every example rendered with -o, compared byte for byte with
// its expected/ directory. A missing or an extra expected file fails; only UPDATE=1 rewrites.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EXAMPLES, exampleValueFiles, FIXTURES, goldenCases, refusedCases, rel, type GoldenCase } from './helpers/fixtures.js';
import { GENERATED_HEADER } from '../src/cli/write.js';
import { cli } from './helpers/run.js';

const UPDATE = process.env.UPDATE === '1';
const scratch = mkdtempSync(join(tmpdir(), 'tb-golden-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Kinds in Helm's install order (its known kinds first, then the others by name), with their file suffix. */
const KIND_FILE: Record<string, string> = {
  PodDisruptionBudget: 'pdb',
  ServiceAccount: 'serviceaccount',
  ConfigMap: 'dashboard',
  Deployment: 'deployment',
  HorizontalPodAutoscaler: 'hpa',
  PodMonitor: 'podmonitor',
  PrometheusRule: 'prometheusrule',
  ScaledObject: 'scaledobject',
  TriggerAuthentication: 'triggerauthentication',
};
/** The release-wide objects' files are named after the release's fullname; the TriggerAuthentication is `<fullname>-redis` (`-rabbitmq` on RabbitMQ), the dashboard `<fullname>-dashboard`. */
const fileStem = (kind: string, name: string) =>
  kind === 'TriggerAuthentication' ? name.replace(/-(redis|rabbitmq)$/, '') : kind === 'ConfigMap' ? name.replace(/-dashboard$/, '') : name;

/** What `render -o` writes for a case, read back as name -> content. */
async function renderedFiles(c: GoldenCase): Promise<Map<string, string>> {
  const out = join(scratch, c.name);
  const r = await cli(['render', ...c.argv, '-o', out], { cwd: c.cwd });
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toBe('');
  return new Map(
    readdirSync(out)
      .sort()
      .map((f) => [f, readFileSync(join(out, f), 'utf8')]),
  );
}

function rewrite(dir: string, files: Map<string, string>): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(dir, name), content);
}

describe.each(goldenCases())('golden $name', (c) => {
  it('renders exactly the expected files, byte for byte', async () => {
    const files = await renderedFiles(c);
    expect(files.size, 'a golden case must render something').toBeGreaterThan(0);
    if (UPDATE) rewrite(c.expected, files);
    if (!existsSync(c.expected)) throw new Error(`${rel(c.expected)} is missing; run \`make golden\` and review it`);
    const expected = readdirSync(c.expected).sort();
    expect(expected, `files in ${rel(c.expected)} (missing or extra ones)`).toEqual([...files.keys()]);
    for (const [name, content] of files) {
      expect(readFileSync(join(c.expected, name), 'utf8'), `${rel(c.expected)}/${name}`).toBe(content);
    }
  });

  it('names each file after its object and prints the same objects to stdout, in render order', async () => {
    const r = await cli(['render', ...c.argv], { cwd: c.cwd });
    expect(r.code, r.stderr).toBe(0);
    const docs = readdirSync(c.expected).map((file) => {
      const written = readFileSync(join(c.expected, file), 'utf8');
      expect(written.startsWith(GENERATED_HEADER), `${file} starts with the generated-file header`).toBe(true);
      const content = written.slice(GENERATED_HEADER.length);
      const o = parse(content) as { kind: string; metadata: { name: string } };
      expect(file).toBe(`${fileStem(o.kind, o.metadata.name)}-${KIND_FILE[o.kind]}.yaml`);
      return { content, name: o.metadata.name, rank: Object.keys(KIND_FILE).indexOf(o.kind) };
    });
    // Kinds in Helm's install order, then workers by name (their object names share one prefix).
    docs.sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    expect(r.stdout).toBe(docs.map((d) => `---\n${d.content}`).join(''));
  });

  it('is up to date for `render --check`, which writes nothing', async () => {
    const before = readdirSync(c.expected).sort();
    const r = await cli(['render', ...c.argv, '-o', c.expected, '--check'], { cwd: c.cwd });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('is up to date');
    expect(readdirSync(c.expected).sort()).toEqual(before);
  });
});

// The brief's values verbatim name no code to run: on the project's image every worker would exit at
// start, so validate refuses them, and with MISSING_APP only (they pass the schema: the design
// accepts them verbatim). examples/values.yaml is they plus the app that makes them run.
describe.each(refusedCases())('refused $name', (c) => {
  it('is refused by validate with exactly the recorded output, MISSING_APP only', async () => {
    const r = await cli(['validate', ...c.argv], { cwd: c.cwd });
    expect(r.code, r.stderr).toBe(1);
    if (UPDATE) writeFileSync(c.expected, r.stderr);
    expect(r.stderr).toBe(readFileSync(c.expected, 'utf8'));
    const codes = [...r.stderr.matchAll(/ error\[([A-Z_]+)\]/g)].map((m) => m[1]);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['MISSING_APP']));
  });

  it('renders nothing', async () => {
    const r = await cli(['render', ...c.argv], { cwd: c.cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });
});

describe('golden cases', () => {
  it("include the brief's values verbatim (refused) and every example values file", () => {
    // examples/values.yaml is the brief's values plus one commented taskConfig.app, nothing else.
    const brief = readFileSync(join(FIXTURES, 'brief/values.yaml'), 'utf8');
    const example = readFileSync(join(EXAMPLES, 'values.yaml'), 'utf8');
    const added = example.split('\n').filter((l) => !brief.split('\n').includes(l));
    expect(added.filter((l) => !/^\s*#/.test(l))).toEqual(['  app: /opt/task-backend/dist/examples/app/index.js']);
    expect(
      example
        .split('\n')
        .filter((l) => !added.includes(l))
        .join('\n'),
    ).toBe(brief);
    expect(refusedCases().map((c) => c.name)).toContain('brief');
    expect(readFileSync(join(FIXTURES, 'brief-profiles/profiles.yaml'), 'utf8')).toBe(
      readFileSync(join(EXAMPLES, 'worker-profiles.yaml'), 'utf8'),
    );
    const names = goldenCases().map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['brief-profiles', ...exampleValueFiles().map((f) => `examples-${f.replace(/\.yaml$/, '')}`)]),
    );
    expect(exampleValueFiles().length).toBeGreaterThanOrEqual(3);
  });

  it("leave no fixture directory that is not a case (a removed example's goldens fail here)", () => {
    const cases = new Set([...goldenCases(), ...refusedCases()].map((c) => c.name));
    const dirs = readdirSync(FIXTURES, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(dirs.filter((d) => !cases.has(d))).toEqual([]);
  });
});
