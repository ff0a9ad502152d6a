// The one entry that runs the pipeline: sources -> load -> validate -> normalize -> render.
// Pure: the caller reads the files and writes the output.
import { hasErrors, sortDiagnostics, type Diagnostic } from './values/diagnostics.js';
import { loadYaml, type Layer, type Source } from './values/load.js';
import { mergeFiles } from './values/merge.js';
import type { ChartMeta } from './values/model.js';
import type { Plan } from './plan/model.js';
import { normalize } from './plan/normalize.js';
import { orderSets, parseSet, type SetArg } from './values/set.js';
import { cleanOf } from './values/taint.js';
import { validateLayer, validateMerged } from './values/validate.js';
import { checkPodSecurity } from './audit/pod-security-check.js';
import { render, type Rendered } from './render/index.js';

export type { Layer, SetArg, Source };

/** What the user asked for, as text; chart defaults come first, --set last. */
export interface GenerateInput {
  chart: ChartMeta;
  chartValues: Source;
  profiles?: Source[];
  values: Source[];
  /** Helm's value flags; a plain string is a `--set`. Applied in Helm's order (SET_ORDER). */
  sets?: Array<string | SetArg>;
  release: string;
  namespace?: string;
}

export interface GenerateResult {
  diagnostics: Diagnostic[];
  plan?: Plan;
  objects?: Rendered[];
  /** Every values layer that loaded, lowest first: where `tb-gen explain` finds each value's origin. */
  layers?: Layer[];
}

/** Load and validate every layer, then plan and render; objects only when nothing is an error. */
export function generate(input: GenerateInput): GenerateResult {
  const diagnostics: Diagnostic[] = [];
  const layers: Layer[] = [];
  const sources = [input.chartValues, ...(input.profiles ?? []), ...input.values];
  for (const src of sources) {
    const { layer, diagnostics: d } = loadYaml(src);
    diagnostics.push(...d);
    if (layer) layers.push(layer);
  }
  // Helm applies the value flags into the merged -f files (not the chart's defaults), one by one.
  let base = mergeFiles(layers.filter((l) => l.file !== input.chartValues.name).map((l) => l.data));
  orderSets(input.sets ?? []).forEach((a) => {
    const { layer, diagnostics: d } = parseSet(a.expr, a.n - 1, a.kind, a.files, base);
    diagnostics.push(...d);
    if (layer) layers.push(layer);
    if (layer) base = mergeFiles([base, layer.data]);
  });
  // A file (or --set) that cannot be read leaves its values unknown: no check across files is sound.
  // A duplicate key still leaves a usable document, so every other problem shows too.
  const unreadable = diagnostics.some((d) => d.code !== 'DUPLICATE_KEY');
  const schemaErrors = layers.flatMap((layer) => validateLayer(layer, { partial: true }).filter((d) => layer.owns?.(d.pointer) ?? true));
  diagnostics.push(...schemaErrors);
  if (unreadable) return { diagnostics: sortDiagnostics(diagnostics), layers };
  const missing = validateMerged(layers);
  diagnostics.push(...missing);
  schemaErrors.push(...missing);
  const { plan, diagnostics: d } = normalize({
    layers,
    chart: input.chart,
    release: input.release,
    clean: cleanOf(schemaErrors),
    ...(input.namespace ? { namespace: input.namespace } : {}),
  });
  diagnostics.push(...d);
  if (!plan || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics), layers };
  const objects = render(plan);
  diagnostics.push(...checkPodSecurity(plan, objects, layers));
  const sorted = sortDiagnostics(diagnostics);
  return hasErrors(sorted) ? { diagnostics: sorted, layers } : { diagnostics: sorted, plan, objects, layers };
}
