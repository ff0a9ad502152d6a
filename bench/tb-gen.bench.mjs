// tb-gen render speed and memory. Figures are ratios against baselines measured in the same run.
import { execFileSync } from 'node:child_process';
import { alternate, fmt, median, valuesFile } from './lib.mjs';

const BIN = 'dist/bin/tb-gen.mjs';
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

// 1. Cold start: the brief's values through the CLI against bare `node -e 0`.
const [bare, cold] = alternate(
  [
    ['node', ['-e', '0']],
    ['node', [BIN, 'render', '-f', 'examples/values.yaml']],
  ],
  RUNS,
);
console.log(
  `cold render of examples/values.yaml: ${fmt(cold)} ms, node -e 0: ${fmt(bare)} ms, ratio ${fmt(cold / bare, 2)}x (target <= 2x)`,
);

// 2. Scale: n workers in a fresh process each (median of 3), time and peak RSS.
const rows = [];
for (const n of [10, 100, 500, 1000, 5000]) {
  const file = valuesFile(n);
  const samples = [0, 1, 2].map(() => JSON.parse(execFileSync('node', ['bench/render-once.mjs', file], { maxBuffer: 1 << 28 }).toString()));
  const ms = median(samples.map((s) => s.ms));
  const rss = Math.max(...samples.map((s) => s.maxRssMB));
  rows.push({ n, ms, rss, objects: samples[0].objects });
  console.log(`${String(n).padStart(5)} workers: ${fmt(ms).padStart(8)} ms, peak RSS ${fmt(rss, 0)} MB, ${samples[0].objects} objects`);
}
const at = (n) => rows.find((r) => r.n === n);
const growth = at(5000).ms / at(500).ms;
console.log(`5000 vs 500 workers: ${fmt(growth, 2)}x time for 10x workers (target <= 12x)`);
console.log(`5000 workers: ${fmt(at(5000).ms)} ms (target < 2000), ${fmt(at(5000).rss, 0)} MB (target < 300)`);
const ok = cold / bare <= 2 && growth <= 12 && at(5000).ms < 2000 && at(5000).rss < 300;
console.log(ok ? 'tb-gen targets: met' : 'tb-gen targets: MISSED');
