// The chart's own files: the schema is the generator's schema, the README's parameter tables are
// current, every values key is documented, every named helper says how to use it, and NOTES.txt
// lists the workers installed.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error - a plain .mjs script without type declarations
import { expectedFiles, undocumentedKeys, PATHS } from '../../scripts/chart-sync.mjs';
import { ROOT } from '../helpers/fixtures.js';
import { CHART, findHelms, helm } from './helm.js';

const read = (p: string) => readFileSync(p, 'utf8');

describe('chart files', () => {
  it('values.schema.json is the same document as schemas/values.schema.json (make chart)', () => {
    expect(read(join(CHART, 'values.schema.json'))).toBe(read(join(ROOT, 'schemas/values.schema.json')));
  });

  it('README.md parameter tables are current (make chart)', () => {
    for (const [path, text] of expectedFiles()) expect(read(path), `${path} is stale: run make chart`).toBe(text);
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
