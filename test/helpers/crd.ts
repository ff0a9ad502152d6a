// Rendered custom resources against the CRD schemas their projects publish (copied from the pinned
// Go modules into .tools/crds by scripts/crds.sh). A structural schema prunes unknown fields
// silently, so every object schema with properties is closed here: an unknown field is an error,
// as the API server's strict field validation makes it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { ROOT } from './fixtures.js';

export const CRD_DIR = join(ROOT, '.tools/crds');
type Obj = Record<string, any>;

/** The CRD files, by apiVersion/kind. */
export const CRD_FILES: Record<string, string> = {
  'keda.sh/v1alpha1/ScaledObject': 'keda.sh_scaledobjects.yaml',
  'keda.sh/v1alpha1/TriggerAuthentication': 'keda.sh_triggerauthentications.yaml',
  'monitoring.coreos.com/v1/PodMonitor': 'monitoring.coreos.com_podmonitors.yaml',
  'monitoring.coreos.com/v1/PrometheusRule': 'monitoring.coreos.com_prometheusrules.yaml',
};

// Go's RE2 reads a leading (?i) as "ignore case", which JavaScript patterns cannot say inline
// (the PrometheusRule CRD's partial_response_strategy): spell each letter as [xX] instead.
const ignoreCase = (p: string): string =>
  p.includes('(?i)') ? p.replace('(?i)', '').replace(/[a-zA-Z]/g, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`) : p;

// Drop the Kubernetes extensions ajv does not know, and close object schemas.
function strict(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(strict);
  if (!s || typeof s !== 'object') return s;
  const out: Obj = {};
  for (const [k, v] of Object.entries(s as Obj))
    if (k === 'pattern' && typeof v === 'string') out[k] = ignoreCase(v);
    else if (!k.startsWith('x-kubernetes-') && !(k === 'format' && typeof v === 'string')) out[k] = strict(v);
  const node = s as Obj;
  if (node.properties && node.additionalProperties === undefined && !node['x-kubernetes-preserve-unknown-fields'])
    out.additionalProperties = false;
  if (node['x-kubernetes-int-or-string']) delete out.type;
  return out;
}

const cache = new Map<string, ValidateFunction>();
function validatorFor(key: string): ValidateFunction {
  let v = cache.get(key);
  if (v) return v;
  const file = join(CRD_DIR, CRD_FILES[key] as string);
  if (!existsSync(file)) throw new Error(`${file} is missing: run scripts/crds.sh (make test does)`);
  const crd = parse(readFileSync(file, 'utf8')) as Obj;
  const version = (crd.spec.versions as Obj[]).find((x) => `${crd.spec.group}/${x.name}` === key.split('/').slice(0, 2).join('/'));
  if (!version) throw new Error(`${file} has no version for ${key}`);
  v = new Ajv({ allErrors: true, strict: false }).compile(strict(version.schema.openAPIV3Schema) as object);
  cache.set(key, v);
  return v;
}

/** Problems of one custom resource against its CRD's schema, as ajv messages; [] when valid. */
export function crdProblems(object: Obj): string[] {
  const key = `${object.apiVersion}/${object.kind}`;
  if (!CRD_FILES[key]) return [`no CRD for ${key}`];
  const v = validatorFor(key);
  return v(object)
    ? []
    : (v.errors ?? []).map(
        (e) =>
          `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      );
}
