// The chart's own files: the schema is the generator's schema, the README's parameter tables are
// current, every values key is documented, every named helper says how to use it, and NOTES.txt
// lists the workers installed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error - a plain .mjs script without type declarations
import { expectedFiles, undocumentedKeys, withParamDocs, PATHS } from '../../scripts/chart-sync.mjs';
import { ROOT } from '../helpers/fixtures.js';
import { CHART, findHelms, helm } from './helm.js';

const read = (p: string) => readFileSync(p, 'utf8');

describe('chart files', () => {
  it('values.schema.json is the same document as schemas/values.schema.json (make chart)', () => {
    expect(read(join(CHART, 'values.schema.json'))).toBe(read(join(ROOT, 'schemas/values.schema.json')));
  });

  it("values.yaml's @param descriptions are the schema's, README.md's parameter tables current (make chart)", () => {
    for (const [path, text] of expectedFiles()) expect(read(path), `${path} is stale: run make chart`).toBe(text);
  });

  it('words each @param as the values shape describes its key, and refuses a key the schema lacks', () => {
    const schema = JSON.parse(read(join(ROOT, 'schemas/values.schema.json'))) as unknown;
    const docs = withParamDocs as (text: string, s: unknown) => string;
    const text = '## @section S\n  ## @param defaults.pdb.enabled old words\n## @param workers\n## @param taskConfig.redis.mode x\n';
    expect(docs(text, schema)).toBe(
      [
        '## @section S',
        '  ## @param defaults.pdb.enabled Render a PodDisruptionBudget.',
        '## @param workers The workers, by name; each name must be a DNS-1123 label.',
        "## @param taskConfig.redis.mode standalone, cluster or sentinel: KEDA's redis, redis-cluster or redis-sentinel trigger (default standalone).",
        '',
      ].join('\n'),
    );
    expect(() => docs('## @param taskConfig.nope x\n', schema)).toThrow(
      /"## @param taskConfig.nope" names a key the values schema does not have/,
    );
  });

  it('documents every key of values.yaml with ## @param (on the key or a parent)', () => {
    expect(undocumentedKeys(read(PATHS.values))).toEqual([]);
  });

  it('Chart.yaml is apiVersion v2 with kubeVersion, version and appVersion', () => {
    const meta = parse(read(join(CHART, 'Chart.yaml'))) as Record<string, unknown>;
    expect(meta).toMatchObject({ apiVersion: 'v2', name: 'task-worker', type: 'application' });
    for (const k of ['kubeVersion', 'version', 'appVersion']) expect(typeof meta[k], k).toBe('string');
  });

  it('every named helper has a usage comment right before it', () => {
    // Manifest templates define the helpers only their kind uses, after the manifest.
    for (const file of readdirSync(join(CHART, 'templates'))) {
      const text = read(join(CHART, 'templates', file));
      for (const m of text.matchAll(/\{\{-? define "([^"]+)"/g)) {
        const before = text.slice(0, m.index);
        const comment = before.slice(before.lastIndexOf('{{/*'));
        expect(comment, `${file}: ${m[1]}`).toMatch(
          new RegExp(`^\\{\\{/\\*\\n${m[1]?.replace(/\./g, '\\.')}:[^]*Usage:[^]*\\*/\\}\\}\\s*$`),
        );
      }
    }
  });
});

// `helm template` does not render NOTES.txt; a client-side dry-run install does (Helm 4 without
// a cluster; Helm 3's dry-run still asks the cluster for its version).
const NOTES_HELMS = findHelms().filter((h) => !h.version.startsWith('v3.'));

describe.runIf(NOTES_HELMS.length)('NOTES.txt', () => {
  it.for(NOTES_HELMS)('$label lists the workers installed, the disabled ones and the unserved tasks', async (h, { expect }) => {
    const out = await helm(h, ['install', 'task-worker', CHART, '-f', 'examples/values.yaml', '--dry-run=client', '--namespace', 'jobs']);
    expect(out.ok, out.stderr).toBe(true);
    const notes = out.stdout.slice(out.stdout.indexOf('NOTES:'));
    expect(notes).toContain('task-worker: 2 workers in namespace jobs (backend celery).');
    expect(notes).toContain('- task-worker-api-tasks tasks=api_process,webhook_send,notification_send autoscaling 3-20');
    expect(notes).toContain('- task-worker-file-processing tasks=file_extract,file_transform,file_validate autoscaling 2-10');
    expect(notes).toContain('Not installed (enabled: false): ml-processing.');
    expect(notes).toMatch(/no enabled worker serves these tasks[^]*- ml_training \(queue ml_training\)\n {2}- model_inference/);
  });
});
