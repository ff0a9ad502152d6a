// Child process for tb-gen.bench.mjs: one in-process render of a file; prints {ms, maxRssMB, objects}.
import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const t0 = performance.now();
const { generate } = await import('../dist/src/generate.js');
const { bundledChart } = await import('../dist/src/cli/io.js');
const { toYamlStream } = await import('../dist/src/render/serialize.js');
const chart = bundledChart();
const r = generate({
  chart: chart.meta,
  chartValues: chart.values,
  values: [{ name: file, text: readFileSync(file, 'utf8') }],
  release: 'task-worker',
});
if (!r.objects) throw new Error('render failed: ' + JSON.stringify(r.diagnostics.slice(0, 3)));
const yaml = toYamlStream(r.objects.map((o) => o.object));
const ms = performance.now() - t0;
process.stdout.write(
  JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, objects: r.objects.length, bytes: yaml.length }) + '\n',
);
