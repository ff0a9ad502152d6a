// Proof that the two renderers never disagree: for every valid values fixture (test/fixtures,
// examples, test/chart/cases), `helm template` with every installed Helm major and
// `tb-gen render` give the same objects - same kinds, names, labels and specs, field for field and
// key for key - once RENDERER_LABELS are removed; and `helm lint --strict` passes.
import { describe, expect, it } from 'vitest';
import { goldenCases, ROOT } from '../helpers/fixtures.js';
import { chart, cli } from '../helpers/run.js';
import {
  CHART,
  chartCases,
  findHelms,
  helm,
  helmTemplateArgs,
  parseObjects,
  parseTbGenArgs,
  tbGenRenderArgs,
  withoutRendererLabels,
} from './helm.js';

const HELMS = findHelms();

interface Case {
  name: string;
  cwd: string;
  argv: string[];
}
const CASES: Case[] = [
  ...goldenCases().map((c) => ({ name: c.name, cwd: c.cwd, argv: c.argv })),
  ...chartCases().map((f) => ({ name: f, cwd: ROOT, argv: ['-f', f] })),
  // fullname rules: a release that already contains the chart name is used as the prefix alone.
  { name: 'release containing the chart name', cwd: ROOT, argv: ['-f', 'examples/values.yaml', '--release', 'prod-task-worker-eu'] },
];

it('finds a Helm to prove agreement with (make helm, or HELM=/path/to/helm)', () => {
  expect(HELMS.map((h) => h.label)).not.toEqual([]);
});

/** Every labels map in a stream of objects, with the path it was found at. */
function labelMaps(v: unknown, path = ''): Array<[string, Record<string, unknown>]> {
  if (Array.isArray(v)) return v.flatMap((x, i) => labelMaps(x, `${path}[${i}]`));
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) =>
    k === 'labels' && x && typeof x === 'object'
      ? [[`${path}.${k}`, x as Record<string, unknown>] as [string, Record<string, unknown>]]
      : labelMaps(x, `${path}.${k}`),
  );
}

describe.concurrent.each(CASES)('$name', ({ cwd, argv }) => {
  const inv = parseTbGenArgs(argv);

  it.for(HELMS)('$label template renders what tb-gen renders', async (h, { expect }) => {
    const tb = await cli(tbGenRenderArgs(inv), { cwd });
    expect(tb.code, tb.stderr).toBe(0);
    const out = await helm(h, helmTemplateArgs(inv), cwd);
    expect(out.ok, out.stderr).toBe(true);
    const got = parseObjects(out.stdout).map(withoutRendererLabels);
    const want = parseObjects(tb.stdout).map(withoutRendererLabels);
    expect(got).toEqual(want);
    // toEqual ignores key order; the documents must also read the same, key for key.
    expect(got.map((o) => JSON.stringify(o))).toEqual(want.map((o) => JSON.stringify(o)));
  });

  it.for(HELMS)("$label adds exactly the renderer labels, with Helm's values, and no chart version on pods", async (h, { expect }) => {
    const out = await helm(h, helmTemplateArgs(inv), cwd);
    expect(out.ok, out.stderr).toBe(true);
    // A PrometheusRule's rules carry Prometheus labels (severity, worker), not Kubernetes ones.
    const kubernetes = labelMaps(parseObjects(out.stdout)).filter(([path]) => !/\.spec\.groups\[\d+\]\.rules\[\d+\]\.labels$/.test(path));
    for (const [path, labels] of kubernetes) {
      // A pod label that names the chart version would restart every worker on a chart upgrade.
      const pod = path.endsWith('.template.metadata.labels');
      expect(labels['helm.sh/chart'], path).toBe(pod ? undefined : `${chart.meta.name}-${chart.meta.version}`);
      expect(labels['app.kubernetes.io/managed-by'], path).toBe('Helm');
    }
  });

  it.for(HELMS)('$label lint --strict passes', async (h, { expect }) => {
    const args = ['lint', '--strict', CHART, ...helmTemplateArgs(inv).slice(3)];
    const out = await helm(h, args, cwd);
    expect(out.ok, out.stdout + out.stderr).toBe(true);
  });
});
