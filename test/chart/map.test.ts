// Holds docs/chart-map.md's map to the tree: every template names the module it mirrors (or
// nothing), every module that could be mirrored is or says why not, and the codes a template
// fails with are exactly the errors its module raises; the warnings, and the errors of the
// stages Helm does itself, are tb-gen's alone, each with a reason. Both sides are read from files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES, MESSAGES } from '../../src/contract/codes.js';
import { ROOT } from '../helpers/fixtures.js';
import {
  aloneRows,
  mirrorOf,
  moduleCodes,
  moduleRows,
  scopeModules,
  templateCodes,
  templateRows,
  TB_GEN_ALONE,
  UNMIRRORED,
  // @ts-expect-error - a plain .mjs script without type declarations
} from '../../scripts/chart-map.mjs';

interface TemplateRow {
  template: string;
  module: string | null | undefined;
  codes: string[];
}
interface ModuleRow {
  module: string;
  templates: string[];
  helm: string[];
  alone: string[];
}
interface AloneRow {
  code: keyof typeof CODES;
  severity: string;
  modules: string[];
  why: string;
}

const rows = templateRows() as TemplateRow[];
const modules = moduleRows(rows) as ModuleRow[];
const severity = (c: string) => CODES[c as keyof typeof CODES].severity;

describe('reading the tree', () => {
  it("takes a template's codes from its code, not its comments, and a module's from quoted names", () => {
    const tpl =
      '{{/*\nMirrors: src/x.ts: raises "NAME_TOO_LONG"\n*/}}\n{{- include "task-worker.fail" (list "PDB_BOTH_BOUNDS" "at" (list "TASK_BACKEND_APP")) -}}{"HOST_PORT_CONFLICT":"%s"}';
    expect(templateCodes(tpl)).toEqual(['PDB_BOTH_BOUNDS']);
    expect(mirrorOf(tpl)).toBe('src/x.ts');
    expect(mirrorOf('{{- /* Mirrors: nothing: Helm only */ -}}')).toBeNull();
    expect(mirrorOf('{{/*\nThe worker container (src/render/container.ts)\n*/}}')).toBeUndefined();
    expect(moduleCodes("diag('HOST_PORT_CONFLICT', x); // NAME_TOO_LONG\nconst k = 'KEDA';")).toEqual(['HOST_PORT_CONFLICT']);
  });
});

describe('the chart map (docs/chart-map.md)', () => {
  it.for(rows)('$template says which module it mirrors, and that module exists', (r) => {
    expect(r.module, `${r.template}: its first comment needs "Mirrors: <module>" or "Mirrors: nothing"`).not.toBeUndefined();
    if (r.module) expect(existsSync(join(ROOT, r.module)), r.module).toBe(true);
  });

  it('gives a module at most one helper template and one manifest template', () => {
    for (const m of modules) {
      expect(m.templates.filter((t) => t.endsWith('.tpl')).length, m.module).toBeLessThanOrEqual(1);
      expect(m.templates.filter((t) => !t.endsWith('.tpl')).length, m.module).toBeLessThanOrEqual(1);
    }
  });

  it('lists every checks, routing, autoscaling, Redis topology and render module, or says why it has no template', () => {
    const mirrored = new Set(modules.map((m) => m.module));
    const scope = scopeModules() as string[];
    expect(scope.length).toBeGreaterThan(20);
    expect(scope.filter((m) => !mirrored.has(m) && !(m in UNMIRRORED))).toEqual([]);
    for (const m of Object.keys(UNMIRRORED)) {
      expect(scope, `${m} is not a module in scope`).toContain(m);
      expect(mirrored.has(m), `${m} is mirrored after all`).toBe(false);
    }
  });

  it.for(modules)('$module: its templates fail with exactly the errors it raises', (m) => {
    expect(
      m.alone.filter((c) => severity(c) === 'error'),
      'errors the chart does not raise',
    ).toEqual([]);
    expect(
      m.helm.filter((c) => severity(c) !== 'error'),
      'warnings cannot fail a render',
    ).toEqual([]);
    // A code the template raises that its module does not is a check in the wrong template.
    const own = new Set(moduleCodes(readFileSync(join(ROOT, m.module), 'utf8')) as string[]);
    expect(
      m.helm.filter((c) => !own.has(c)),
      `codes ${m.module} does not raise`,
    ).toEqual([]);
  });

  it('fails only with codes that have a shared message, and uses every shared message', () => {
    const helm = [...new Set(rows.flatMap((r) => r.codes))].sort();
    expect(helm).toEqual(Object.keys(MESSAGES).sort());
  });

  it('gives a reason for every code tb-gen alone raises, and every reason is used', () => {
    const alone = aloneRows(rows) as AloneRow[];
    for (const a of alone) {
      expect(a.modules.length, `${a.code} is raised nowhere in src/values, src/plan, src/audit`).toBeGreaterThan(0);
      expect(a.why, `${a.code}: add its module to TB_GEN_ALONE in scripts/chart-map.mjs`).not.toBe('');
    }
    const used = new Set(alone.filter((a) => a.severity === 'error').flatMap((a) => a.modules));
    expect(Object.keys(TB_GEN_ALONE).filter((m) => !used.has(m))).toEqual([]);
    const helm = new Set(rows.flatMap((r) => r.codes));
    expect(Object.keys(CODES).filter((c) => !helm.has(c) && !alone.some((a) => a.code === c))).toEqual([]);
  });
});
