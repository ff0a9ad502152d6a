// Beyond the fixtures: generated values files (test/helpers/arbitraries.ts; profiles, defaults,
// overrides, long names, min > max, overlaps...) either render the same objects with tb-gen and
// every installed Helm major, or are rejected by all of them. Runs: CHART_PROPERTY_RUNS (30).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { valuesCase } from '../helpers/arbitraries.js';
import { cli } from '../helpers/run.js';
import { findHelms, helm, helmTemplateArgs, parseObjects, tbGenRenderArgs, withoutRendererLabels, type Invocation } from './helm.js';

const HELMS = findHelms();
const RUNS = Number(process.env.CHART_PROPERTY_RUNS ?? 30);
const TMP = mkdtempSync(join(tmpdir(), 'tb-gen-chart-prop-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

it.runIf(HELMS.length)(
  `helm template and tb-gen render agree on ${RUNS} generated values files`,
  async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(valuesCase, async (c) => {
        const file = join(TMP, `values-${n++}.yaml`);
        writeFileSync(file, stringify(c.values, { version: '1.1' }));
        const inv: Invocation = {
          values: [file],
          profiles: [],
          sets: [],
          release: c.release,
          ...(c.namespace ? { namespace: c.namespace } : {}),
        };
        const tb = await cli(tbGenRenderArgs(inv), { cwd: TMP });
        expect(tb.code, tb.stderr).not.toBe(2);
        for (const h of HELMS) {
          const out = await helm(h, helmTemplateArgs(inv), TMP);
          if (tb.code !== 0) {
            expect(out.ok, `${h.label} accepted what tb-gen rejects:\n${tb.stderr}`).toBe(false);
            continue;
          }
          expect(out.ok, `${h.label} rejected what tb-gen renders:\n${out.stderr}`).toBe(true);
          const got = parseObjects(out.stdout).map(withoutRendererLabels);
          const want = parseObjects(tb.stdout).map(withoutRendererLabels);
          expect(got.map((o) => JSON.stringify(o))).toEqual(want.map((o) => JSON.stringify(o)));
        }
      }),
      { numRuns: RUNS },
    );
  },
  600_000,
);
