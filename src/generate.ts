// The one entry that runs the pipeline: sources -> load -> validate -> normalize -> render.
// Pure: the caller reads the files and writes the output.
import { hasErrors, sortDiagnostics, type Diagnostic } from './config/diagnostics.js';
import { loadYaml, type Layer, type Source } from './config/load.js';
import type { ChartMeta, Plan } from './config/model.js';
import { normalize } from './config/normalize.js';
import { parseSet } from './config/set.js';
import { cleanOf } from './config/taint.js';
import { validateLayer, validateMerged } from './config/validate.js';
import { checkPodSecurity } from './render/pod-security-check.js';
import { render, type Rendered } from './render/index.js';

export type { Source };

/** What the user asked for, as text; chart defaults come first, --set last. */
export interface GenerateInput {
  chart: ChartMeta;
  chartValues: Source;
  profiles?: Source[];
  values: Source[];
  sets?: string[];
  release: string;
  namespace?: string;
}

export interface GenerateResult {
  diagnostics: Diagnostic[];
  plan?: Plan;
  objects?: Rendered[];
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
  (input.sets ?? []).forEach((expr, i) => {
    const { layer, diagnostics: d } = parseSet(expr, i);
    diagnostics.push(...d);
    if (layer) layers.push(layer);
  });
  // A file (or --set) that cannot be read leaves its values unknown: no check across files is sound.
  // A duplicate key still leaves a usable document, so every other problem shows too.
  const unreadable = diagnostics.some((d) => d.code !== 'DUPLICATE_KEY');
  const schemaErrors = layers.flatMap((layer) => validateLayer(layer, { partial: true }));
  diagnostics.push(...schemaErrors);
  if (unreadable) return { diagnostics: sortDiagnostics(diagnostics) };
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
  if (!plan || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics) };
  const objects = render(plan);
  diagnostics.push(...checkPodSecurity(plan, objects, layers));
  const sorted = sortDiagnostics(diagnostics);
  return hasErrors(sorted) ? { diagnostics: sorted } : { diagnostics: sorted, plan, objects };
}
