// `helm install` (every Helm major) and a strict server-side apply (`kubectl apply --server-side
// --validate=strict`) of each golden case, against the run's own cluster (scripts/cluster.sh, on
// loopback), each into a fresh restricted namespace. Baseline, measured alternately in the same
// run: `kubectl get --raw /readyz` (a process start, a TLS handshake and one request), so figures
// are ratios. Medians of BENCH_RUNS (default 5). Needs make build, make helm and make cluster-bin.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { fmt, median, OUT, timeProcess } from './lib.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STATE = join(ROOT, '.tools/kube/runs', String(process.pid)); // a vitest run's reaper leaves a live PID's cluster alone
const KUBECTL = join(ROOT, '.tools/kube/bin/kubectl');
const KC = join(STATE, 'kubeconfig');
process.env.HELM_CONFIG_HOME = join(OUT, 'helm/config');
process.env.HELM_CACHE_HOME = join(OUT, 'helm/cache');
process.env.HELM_DATA_HOME = join(OUT, 'helm/data');

/** Golden cases as test/helpers/fixtures.ts finds them: [name, cwd, tb-gen args without --namespace]. */
function cases() {
  const fx = join(ROOT, 'test/fixtures');
  const own = readdirSync(fx)
    .filter((d) => existsSync(join(fx, d, 'values.yaml')))
    .sort()
    .map((d) => {
      const argv = ['-f', 'values.yaml'];
      if (existsSync(join(fx, d, 'profiles.yaml'))) argv.push('--profiles', 'profiles.yaml');
      if (existsSync(join(fx, d, 'args')))
        argv.push(
          ...readFileSync(join(fx, d, 'args'), 'utf8')
            .trim()
            .split(/\s+/),
        );
      return [d, join(fx, d), argv];
    });
  const examples = readdirSync(join(ROOT, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .flatMap((f) => {
      const text = readFileSync(join(ROOT, 'examples', f), 'utf8');
      const data = parse(text, { version: '1.1' });
      if (data && Object.keys(data).length === 1 && 'profiles' in data) return []; // a profiles file, not values
      const how = /^# Render: tb-gen render (.*)$/m.exec(text);
      return [[`examples-${f.replace(/\.yaml$/, '')}`, ROOT, how ? how[1].trim().split(/\s+/) : ['-f', `examples/${f}`]]];
    });
  return [...own, ...examples].map(([name, cwd, argv]) => {
    const i = argv.indexOf('--namespace');
    return { name, cwd, argv: i < 0 ? argv : [...argv.slice(0, i), ...argv.slice(i + 2)] };
  });
}

const helms = () =>
  ['.tools/helm3/helm', '.tools/helm4/helm']
    .map((b) => join(ROOT, b))
    .filter(existsSync)
    .map((bin) => ({ bin, version: execFileSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim() }));

/** The Helm form of a tb-gen command line: profiles files first, as tb-gen layers them. */
function helmArgs(argv) {
  const pairs = [];
  for (let i = 0; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]]);
  const release = pairs.find(([f]) => f === '--release')?.[1] ?? 'task-worker';
  const files = [...pairs.filter(([f]) => f === '--profiles'), ...pairs.filter(([f]) => f === '-f')].flatMap(([, v]) => ['-f', v]);
  return [release, join(ROOT, 'chart'), ...files, ...pairs.filter(([f]) => f === '--set').flat()];
}

const kubectl = (args, input) => execFileSync(KUBECTL, ['--kubeconfig', KC, ...args], { input, stdio: ['pipe', 'pipe', 'inherit'] });
const PSS = ['enforce', 'warn', 'audit'].map((m) => `pod-security.kubernetes.io/${m}: restricted`).join(', ');
const namespaces = (names) =>
  names.map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${n}, labels: { ${PSS} } }\n`).join('---\n');

/** One round over every case: fresh namespaces made untimed, then baseline, apply and installs alternated. */
function round(r, list, hs, times) {
  const ns = (c, what) => `b${r}-${what}-${c.name}`.slice(0, 63);
  const names = list.flatMap((c) => ['apply', ...hs.map((_, j) => `h${j}`)].map((w) => ns(c, w)));
  kubectl(['apply', '-f', '-'], namespaces(names));
  for (const c of list) {
    const t = times.get(c.name);
    t.base.push(timeProcess(KUBECTL, ['--kubeconfig', KC, 'get', '--raw', '/readyz']));
    t.apply.push(
      timeProcess(KUBECTL, ['--kubeconfig', KC, 'apply', '--server-side', '--validate=strict', '-n', ns(c, 'apply'), '-f', c.file]),
    );
    hs.forEach((h, j) => {
      process.chdir(c.cwd);
      t.helm[j].push(timeProcess(h.bin, ['install', ...helmArgs(c.argv), '--namespace', ns(c, `h${j}`), '--kubeconfig', KC]));
      process.chdir(ROOT);
    });
  }
  kubectl(['delete', 'namespace', '--wait=false', ...names]);
}

function main() {
  const hs = helms();
  if (!hs.length) throw new Error('no helm in .tools/: run `make helm`');
  const list = cases().map((c) => {
    const file = join(OUT, `cluster-${c.name}.yaml`);
    writeFileSync(
      file,
      execFileSync('node', [join(ROOT, 'dist/bin/tb-gen.mjs'), 'render', ...c.argv], { cwd: c.cwd, stdio: ['ignore', 'pipe', 'ignore'] }),
    );
    return { ...c, file };
  });
  execFileSync(join(ROOT, 'scripts/cluster.sh'), ['up', STATE], { stdio: 'inherit' });
  try {
    kubectl(['create', 'priorityclass', 'batch-low', '--value=0']); // bullmq-full's pods name it
    const times = new Map(list.map((c) => [c.name, { base: [], apply: [], helm: hs.map(() => []) }]));
    for (let r = 0; r < RUNS; r++) round(r, list, hs, times);
    report(list, hs, times);
  } finally {
    execFileSync(join(ROOT, 'scripts/cluster.sh'), ['down', STATE], { stdio: 'inherit' });
    rmSync(STATE, { recursive: true, force: true });
  }
}

// Ratios against the median of every baseline sample of the run: one case's five samples are
// too few on a shared machine, and all of them were taken alternated with the measured commands.
function report(list, hs, times) {
  const base = median([...times.values()].flatMap((t) => t.base));
  console.log(`baseline \`kubectl get --raw /readyz\`: ${fmt(base)} ms (median of ${list.length * RUNS})`);
  console.log(`| case | objects | strict SSA | / baseline | ${hs.map((h) => `helm ${h.version} install | / baseline`).join(' | ')} |`);
  console.log(`| --- | --- | --- | --- | ${hs.map(() => '--- | ---').join(' | ')} |`);
  const all = { apply: [], helm: hs.map(() => []) };
  for (const c of list) {
    const t = times.get(c.name);
    const [apply, helm] = [median(t.apply), t.helm.map(median)];
    all.apply.push(apply);
    helm.forEach((ms, j) => all.helm[j].push(ms));
    const objects = (readFileSync(c.file, 'utf8').match(/^kind: /gm) ?? []).length;
    console.log(
      `| ${c.name} | ${objects} | ${fmt(apply)} ms | ${fmt(apply / base, 2)}x | ${helm.map((ms) => `${fmt(ms)} ms | ${fmt(ms / base, 2)}x`).join(' | ')} |`,
    );
  }
  const ratio = (xs) => `${fmt(median(xs) / base, 2)}x`;
  console.log(
    `median over cases: strict SSA ${ratio(all.apply)}, ${hs.map((h, j) => `helm ${h.version} install ${ratio(all.helm[j])}`).join(', ')} (runs: ${RUNS})`,
  );
}

main();
