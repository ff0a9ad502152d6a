// The chart's map to tb-gen's TypeScript, read from the tree: which module each template mirrors
// (the `Mirrors: <module>` or `Mirrors: nothing` opening its first comment: the one place that
// says so), the codes each template fails with, and the codes tb-gen alone raises, with why.
// scripts/chart-sync.mjs writes it to docs/chart-map.md; test/chart/map.test.ts holds it to the tree.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CODES } from '../dist/src/contract/codes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEMPLATES = 'chart/templates';

/** TypeScript the chart could mirror: the checks, routing, autoscaling, Redis topology, renderers. */
export const SCOPE = /^src\/(plan\/(checks[\w-]*|routing|autoscaling|redis-topology)|render\/[\w-]+)\.ts$/;

/** Modules in SCOPE that no template mirrors, and why. */
export const UNMIRRORED = {
  'src/render/index.ts': 'Helm renders every template and orders the kinds itself',
  'src/render/queues.ts': 'the consumed queues come out of task-worker.routing (w.consumed, `_routing.tpl`)',
  'src/render/serialize.ts': 'Helm writes the YAML',
};

/**
 * Modules whose errors the chart does not raise, and why: with the warnings (which cannot stop a
 * Helm render), these are what tb-gen alone checks. Every other error fails `helm install` too.
 */
export const TB_GEN_ALONE = {
  'src/values/load.ts': 'Helm reads the YAML itself before any template runs (keeping the last of a key written twice, the first document)',
  'src/values/set.ts': 'Helm parses its own `--set`',
  'src/values/validate.ts': 'Helm validates the same values.schema.json before any template runs, in its own words',
  'src/audit/pod-security-check.ts': "left to the API server's PodSecurity admission, which refuses such pods where the level is enforced",
};
const WARNING_WHY = 'a warning cannot stop a Helm render';

// Where codes are raised: stages, not the CLI (which only reports them again).
const RAISING = ['src/values', 'src/plan', 'src/audit'];
const ORDER = Object.keys(CODES);
const byCatalogue = (codes) => ORDER.filter((c) => codes.has(c));
const read = (path) => readFileSync(`${ROOT}${path}`, 'utf8');

/**
 * Codes a template fails with: the quoted code names outside its comments, in catalogue order. A
 * JSON key (`"CODE":`, as in _contract.tpl's messages) is data, not a code raised.
 */
export function templateCodes(text) {
  const code = text.replace(/\{\{-?\s*\/\*[^]*?\*\/\s*-?\}\}/g, '');
  return byCatalogue(new Set([...code.matchAll(/"([A-Z][A-Z0-9_]+)"(?!:)/g)].map((m) => m[1])));
}

/** Codes a TypeScript module raises: its quoted code names, in catalogue order. */
export function moduleCodes(text) {
  return byCatalogue(new Set([...text.matchAll(/'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1])));
}

/** What a template's first comment says it mirrors: a module path, null for nothing, undefined when unsaid. */
export function mirrorOf(text) {
  const m = /^\{\{-? ?\/\*\s*Mirrors: (nothing\b|src\/[\w/.-]+?\.ts\b)/.exec(text);
  if (!m) return undefined;
  return m[1] === 'nothing' ? null : m[1];
}

/** One row per template file: template, module (null: none), codes. */
export function templateRows() {
  return readdirSync(`${ROOT}${TEMPLATES}`)
    .sort()
    .map((file) => {
      const text = read(`${TEMPLATES}/${file}`);
      return { template: file, module: mirrorOf(text), codes: templateCodes(text) };
    });
}

const tsFiles = (dir) =>
  readdirSync(`${ROOT}${dir}`, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : [],
  );

/** Modules in SCOPE, as paths from the repository root. */
export const scopeModules = () =>
  tsFiles('src')
    .filter((p) => SCOPE.test(p))
    .sort();

/** Every code and the stage modules that raise it. */
export function raisedBy() {
  const out = new Map(ORDER.map((c) => [c, []]));
  for (const path of RAISING.flatMap(tsFiles).sort()) for (const c of moduleCodes(read(path))) out.get(c).push(path);
  return out;
}

/** Per mirrored module: the codes its templates fail with, and those it raises that they do not. */
export function moduleRows(rows = templateRows()) {
  const modules = [...new Set(rows.map((r) => r.module).filter(Boolean))].sort();
  return modules.map((module) => {
    const templates = rows.filter((r) => r.module === module);
    const helm = new Set(templates.flatMap((r) => r.codes));
    const raised = existsSync(`${ROOT}${module}`) ? moduleCodes(read(module)) : [];
    return { module, templates: templates.map((r) => r.template), helm: byCatalogue(helm), alone: raised.filter((c) => !helm.has(c)) };
  });
}

/** Codes no template raises, each with the modules that raise it and why the chart does not. */
export function aloneRows(rows = templateRows()) {
  const helm = new Set(rows.flatMap((r) => r.codes));
  return [...raisedBy()]
    .filter(([code]) => !helm.has(code))
    .map(([code, modules]) => ({
      code,
      severity: CODES[code].severity,
      modules,
      why:
        CODES[code].severity === 'warning'
          ? WARNING_WHY
          : modules
              .map((m) => TB_GEN_ALONE[m])
              .filter(Boolean)
              .join('; '),
    }));
}

const list = (codes) => codes.map((c) => `\`${c}\``).join(', ') || '-';

/** docs/chart-map.md. */
export function chartMapDoc() {
  const rows = templateRows();
  const mods = moduleRows(rows);
  const out = [
    '# The chart and the TypeScript it mirrors',
    '',
    '<!-- Generated by scripts/chart-map.mjs from chart/templates and src/: do not edit; run `make chart`. -->',
    '',
    'Each template of `chart/templates/` says in its first comment which tb-gen module it mirrors',
    '(`Mirrors: <module>`, or `Mirrors: nothing`); a change to one side needs the other. A module has at',
    'most one helper template (`_<module>.tpl`) and one manifest template. "Helm fails with": the codes the',
    "template's `fail` checks raise, with tb-gen's message; \"tb-gen alone\": the module's other codes.",
    'Which checks Helm runs at install time: every error of the plan (chart/README.md, "Checks").',
    '',
    '| module | template | Helm fails with | tb-gen alone |',
    '| --- | --- | --- | --- |',
    ...mods.map((m) => `| \`${m.module}\` | ${m.templates.map((t) => `\`${t}\``).join(', ')} | ${list(m.helm)} | ${list(m.alone)} |`),
    '',
    '## Templates that mirror no module',
    '',
    ...rows.filter((r) => r.module === null).map((r) => `- \`${r.template}\``),
    '',
    '## Modules the chart has no template for',
    '',
    ...Object.entries(UNMIRRORED).map(([m, why]) => `- \`${m}\`: ${why}`),
    '',
    '## Codes tb-gen alone raises',
    '',
    '| code | severity | raised in | why not Helm |',
    '| --- | --- | --- | --- |',
    ...aloneRows(rows).map((a) => `| \`${a.code}\` | ${a.severity} | ${a.modules.map((m) => `\`${m}\``).join(', ')} | ${a.why} |`),
  ];
  return `${out.join('\n')}\n`;
}
