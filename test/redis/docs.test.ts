// docs/redis.md shows each topology's values example verbatim from the fixture the tests render
// (test/fixtures/redis-*: goldens, chart agreement, KEDA's CRD schema), so the doc cannot drift.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/worker.js';

const doc = readFileSync(join(ROOT, 'docs/redis.md'), 'utf8');
const blockAfter = (heading: string): string | undefined => {
  const at = doc.indexOf(`\n## ${heading}`);
  return at < 0 ? undefined : /```yaml\n([\s\S]*?)```/.exec(doc.slice(at))?.[1];
};

describe('docs/redis.md', () => {
  it.each([
    ['TLS with a private CA, a client certificate and an ACL user', 'redis-tls'],
    ['Sentinel', 'redis-sentinel'],
    ['Cluster', 'redis-cluster'],
  ])('%s: the values example is test/fixtures/%s/values.yaml', (heading, fixture) => {
    expect(blockAfter(heading)).toBe(readFileSync(join(ROOT, 'test/fixtures', fixture, 'values.yaml'), 'utf8'));
  });
});
