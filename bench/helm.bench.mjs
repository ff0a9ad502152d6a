// `helm template` against `tb-gen render` on the same values: the brief's (examples/values.yaml)
// and 1,000 generated workers. Cold processes, alternated in one run so machine noise hits all
// alike; every Helm major that is installed ($HELM, $HELM4, else .tools/helm{3,4}/helm). Before
// timing, it checks that both render the same objects (RENDERER_LABELS aside).
// Figures: bench/README.md. Runs: BENCH_RUNS (default 15; the 1,000-worker case a third).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { alternate, fmt, valuesFile } from './lib.mjs';

const BIN = 'dist/bin/tb-gen.mjs';
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const RENDERER_LABELS = ['helm.sh/chart', 'app.kubernetes.io/managed-by'];

function helms() {
  const byMajor = new Map();
  for (const bin of [process.env.HELM, process.env.HELM4, '.tools/helm3/helm', '.tools/helm4/helm']) {
    if (!bin || !existsSync(bin)) continue;
    const version = execFileSync(bin, ['version', '--template', '{{.Version}}'], { encoding: 'utf8' }).trim();
    const major = version.split('.')[0];
    if (!byMajor.has(major)) byMajor.set(major, { bin, version });
  }
  return [...byMajor.values()];
}

// Objects as the agreement tests compare them: renderer labels dropped, tb-gen's in Helm's kind order.
function objects(text, sortByKind) {
  const strip = (v) =>
    Array.isArray(v)
      ? v.map(strip)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v).map(([k, x]) => [
              k,
              k === 'labels' ? Object.fromEntries(Object.entries(x).filter(([l]) => !RENDERER_LABELS.includes(l))) : strip(x),
            ]),
          )
        : v;
  const docs = parseAllDocuments(text, { version: '1.1' })
    .map((d) => d.toJS())
    .filter(Boolean)
    .map(strip);
  const rank = (o) => (o.kind === 'Deployment' ? 0 : 1);
  return JSON.stringify(
    sortByKind
      ? docs
          .map((o, i) => ({ o, i }))
          .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
          .map(({ o }) => o)
      : docs,
  );
}

const found = helms();
if (!found.length) throw new Error('no helm: run `make helm` or set HELM=/path/to/helm');
const cases = [
  ['brief values (examples/values.yaml)', 'examples/values.yaml', RUNS],
  ['1,000 workers (generated)', valuesFile(1000), Math.max(3, Math.round(RUNS / 3))],
];

console.log(
  '| values | runs | node -e 0 | tb-gen render | ' +
    found.map((h) => `helm ${h.version} template | tb-gen / helm ${h.version.split('.')[0]}`).join(' | ') +
    ' |',
);
console.log('| --- | --- | --- | --- | ' + found.map(() => '--- | ---').join(' | ') + ' |');
let briefOk = true;
for (const [label, file, runs] of cases) {
  const tbArgs = [BIN, 'render', '-f', file, '--namespace', 'bench'];
  const want = objects(execFileSync('node', tbArgs, { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] }).toString(), true);
  for (const h of found) {
    const got = objects(
      execFileSync(h.bin, ['template', 'task-worker', 'chart', '-f', file, '--namespace', 'bench'], { maxBuffer: 1 << 28 }).toString(),
      false,
    );
    if (got !== want) throw new Error(`${label}: helm ${h.version} and tb-gen render different objects; run npx vitest run test/chart`);
  }
  alternate([['node', tbArgs], ...found.map((h) => [h.bin, ['template', 'task-worker', 'chart', '-f', file]])], 1); // warm the page cache
  const [node, tb, ...hs] = alternate(
    [
      ['node', ['-e', '0']],
      ['node', tbArgs],
      ...found.map((h) => [h.bin, ['template', 'task-worker', 'chart', '-f', file, '--namespace', 'bench']]),
    ],
    runs,
  );
  console.log(
    `| ${label} | ${runs} | ${fmt(node)} ms | ${fmt(tb)} ms | ` + hs.map((ms) => `${fmt(ms)} ms | ${fmt(tb / ms, 2)}x`).join(' | ') + ' |',
  );
  if (file === 'examples/values.yaml') briefOk = hs.every((ms) => tb <= ms);
}
console.log(`target (tb-gen render no slower than helm template on the brief's values): ${briefOk ? 'met' : 'MISSED'}`);
