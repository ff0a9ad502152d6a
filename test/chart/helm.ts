// Shared by the chart tests: find the Helm binaries, turn a tb-gen command line into the
// equivalent `helm template`, and compare the two renderers' objects.
import { execFile, execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { RENDERER_LABELS } from '../../src/contract/labels.js';
import { ROOT } from '../helpers/fixtures.js';

export const CHART = join(ROOT, 'chart');
const run = promisify(execFile);

/** One Helm binary and the version it reports. */
export interface Helm {
  label: string;
  bin: string;
  version: string;
}

const executable = (p: string) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** One Helm per major: $HELM and $HELM4 first, then .tools/helm3/helm and .tools/helm4/helm (make helm). */
export function findHelms(): Helm[] {
  const candidates = [process.env.HELM, process.env.HELM4, join(ROOT, '.tools/helm3/helm'), join(ROOT, '.tools/helm4/helm')];
  const byMajor = new Map<string, Helm>();
  for (const bin of candidates) {
    if (!bin || !executable(bin)) continue;
    const version = execFileSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();
    const major = /^v(\d+)\./.exec(version)?.[1];
    if (major && !byMajor.has(major)) byMajor.set(major, { label: `helm ${version}`, bin, version });
  }
  return [...byMajor.values()].sort((a, b) => a.version.localeCompare(b.version));
}

export interface Outcome {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Run helm; a non-zero exit is an outcome, not an exception. */
export async function helm(h: Helm, args: string[], cwd = ROOT): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(h.bin, args, { cwd, maxBuffer: 256 * 1024 * 1024 });
    return { ok: true, stdout, stderr };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return { ok: false, stdout: err.stdout ?? '', stderr: err.stderr || err.message };
  }
}

/** A tb-gen command line (`-f`, `--profiles`, `--set`, `--release`, `--namespace`) split up. */
export interface Invocation {
  values: string[];
  profiles: string[];
  sets: string[];
  release: string;
  namespace?: string;
}

export function parseTbGenArgs(argv: readonly string[]): Invocation {
  const inv: Invocation = { values: [], profiles: [], sets: [], release: 'task-worker' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1] as string];
    if (flag === '-f' || flag === '--values') inv.values.push(value);
    else if (flag === '--profiles') inv.profiles.push(value);
    else if (flag === '--set') inv.sets.push(value);
    else if (flag === '--release') inv.release = value;
    else if (flag === '--namespace') inv.namespace = value;
    else throw new Error(`no helm equivalent for tb-gen argument ${flag}`);
  }
  return inv;
}

/** The same render in Helm's words: profiles files come first, as tb-gen layers them. */
export const helmTemplateArgs = (inv: Invocation, chart = CHART): string[] => [
  'template',
  inv.release,
  chart,
  ...[...inv.profiles, ...inv.values].flatMap((f) => ['-f', f]),
  ...inv.sets.flatMap((s) => ['--set', s]),
  '--namespace',
  inv.namespace ?? 'default',
];

/** The tb-gen argv for the same render; the namespace is always explicit (the chart always sets one). */
export const tbGenRenderArgs = (inv: Invocation): string[] => [
  'render',
  ...inv.profiles.flatMap((f) => ['--profiles', f]),
  ...inv.values.flatMap((f) => ['-f', f]),
  ...inv.sets.flatMap((s) => ['--set', s]),
  '--release',
  inv.release,
  '--namespace',
  inv.namespace ?? 'default',
];

type Obj = Record<string, unknown>;

/** Every non-empty document of a YAML stream, read as Kubernetes reads it (YAML 1.1). */
export const parseObjects = (text: string): Obj[] =>
  parseAllDocuments(text, { version: '1.1' })
    .map((d) => {
      if (d.errors.length) throw new Error(`invalid YAML: ${d.errors[0]?.message}`);
      return d.toJS() as Obj | null;
    })
    .filter((o): o is Obj => o !== null);

/** Drop the labels only one renderer can know (RENDERER_LABELS) from every `labels` map. */
export function withoutRendererLabels(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutRendererLabels);
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => {
      if (k !== 'labels' || !x || typeof x !== 'object') return [k, withoutRendererLabels(x)];
      return [k, Object.fromEntries(Object.entries(x).filter(([l]) => !RENDERER_LABELS.includes(l)))];
    }),
  );
}

/** Chart-specific valid cases under test/chart/cases (merge edge cases, labels, backends). */
export const chartCases = (): string[] =>
  readdirSync(join(ROOT, 'test/chart/cases'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => `test/chart/cases/${f}`);

/** Invalid values files: the shared test/invalid/<case>/values.yaml and test/chart/invalid/*.yaml. */
export function invalidFiles(): string[] {
  const shared = readdirSync(join(ROOT, 'test/invalid'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `test/invalid/${d.name}/values.yaml`);
  const own = readdirSync(join(ROOT, 'test/chart/invalid'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `test/chart/invalid/${f}`);
  return [...shared, ...own].sort();
}
