// --format github and sarif, and --strict. GitHub commands are read back the way the runner reads
// them (its documented escapes); SARIF is validated against the pinned SARIF 2.1.0 schema
// (test/sarif/sarif-schema-2.1.0.json, OASIS errata01, a JSON Schema draft-04 document).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/values/diagnostics.js';
import { annotation, escapeData, escapeProperty, githubCommands, stepSummary } from '../../src/review/github.js';
import { toSarif } from '../../src/review/sarif.js';
import { ROOT } from '../helpers/fixtures.js';
import { cli } from '../helpers/run.js';

const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as typeof import('ajv-draft-04').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;
const sarifSchema = JSON.parse(readFileSync(join(ROOT, 'test/sarif/sarif-schema-2.1.0.json'), 'utf8')) as object;
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
const validSarif = ajv.compile(sarifSchema);

const d = (over: Partial<Diagnostic> = {}): Diagnostic => ({
  severity: 'error',
  code: 'UNKNOWN_KEY',
  message: 'unknown key `replcas` in `workers.api`',
  file: 'values.yaml',
  line: 5,
  col: 7,
  pointer: '/workers/api/replcas',
  ...over,
});
const inRepo = (name: string) => (name.endsWith('.yaml') ? `deploy/${name}` : undefined);

// The runner's reading of `::cmd k=v,k=v::data`: split, then undo its escapes.
function readCommand(line: string): { command: string; props: Record<string, string>; data: string } {
  const m = /^::(\w+)(?: ([^:]*))?::(.*)$/s.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const un = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries(
    (m[2] ?? '')
      .split(',')
      .filter(Boolean)
      .map((kv) => [kv.split('=')[0], un(kv.slice(kv.indexOf('=') + 1))]),
  );
  return { command: m[1] as string, props, data: un(m[3] as string) };
}

describe('GitHub workflow commands', () => {
  it.each([
    ['50% done', '50%25 done', '50%25 done'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['k: v, w', 'k: v, w', 'k%3A v%2C w'],
    ['%0A', '%250A', '%250A'],
  ])('escapes %j as data %j and as a property %j', (raw, data, prop) => {
    expect(escapeData(raw)).toBe(data);
    expect(escapeProperty(raw)).toBe(prop);
  });

  it('writes file, line, col and title, and the hint on a second line, all read back intact', () => {
    const line = annotation(d({ file: 'a,b: c.yaml', hint: 'did you mean `replicas`? 100%' }), (n) => n);
    expect(line).toBe(
      '::error file=a%2Cb%3A c.yaml,line=5,col=7,title=UNKNOWN_KEY::unknown key `replcas` in `workers.api`%0Ahint: did you mean `replicas`? 100%25',
    );
    expect(readCommand(line)).toEqual({
      command: 'error',
      props: { file: 'a,b: c.yaml', line: '5', col: '7', title: 'UNKNOWN_KEY' },
      data: 'unknown key `replcas` in `workers.api`\nhint: did you mean `replicas`? 100%',
    });
  });

  it('annotates a --set problem without a file, saying where it was', () => {
    const line = annotation(d({ file: '--set', line: 2, col: 9, severity: 'warning', code: 'LIKELY_MISSPELLED_WORKER' }), inRepo);
    expect(readCommand(line)).toMatchObject({ command: 'warning', props: { title: 'LIKELY_MISSPELLED_WORKER' } });
    expect(readCommand(line).data).toMatch(/ \(at --set:2:9\)$/);
  });

  it('keeps within 10 annotations of each kind, then a notice counts the rest', () => {
    const list = [...Array.from({ length: 13 }, (_, i) => d({ line: i + 1 })), d({ severity: 'warning' }), d({ severity: 'warning' })];
    const lines = githubCommands(list, inRepo);
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(10);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(2);
    expect(readCommand(lines[12] as string)).toMatchObject({
      command: 'notice',
      data: expect.stringMatching(/^3 more \(3 errors, 0 warnings\)/),
    });
    expect(lines[13]).toBe('13 errors, 2 warnings');
  });

  it('lists every diagnostic in the step summary, pipes as entities, code spans as <code>', () => {
    const md = stepSummary([d({ message: 'a | b' }), d({ severity: 'warning', hint: 'h' })], 'tb-gen validate');
    expect(md).toBe(
      '### tb-gen validate\n\n1 error, 1 warning\n\n| where | severity | code | message |\n| --- | --- | --- | --- |\n' +
        '| <code>values.yaml&#58;5&#58;7</code> | error | <code>UNKNOWN_KEY</code> | a &#124; b |\n' +
        '| <code>values.yaml&#58;5&#58;7</code> | warning | <code>UNKNOWN_KEY</code> | unknown key <code>replcas</code> in <code>workers.api</code><br>hint: h |\n',
    );
  });
});

describe('SARIF 2.1.0', () => {
  const log = toSarif([d(), d({ file: '--set', severity: 'warning', code: 'TASK_NOT_SERVED' })], inRepo, { version: '1.2.3' });

  it.each([
    ['with results', log],
    ['with none, and a docs URL', toSarif([], inRepo, { version: '0.1.0', docsUrl: 'https://example.org/tb-gen' })],
  ])('is valid against the pinned schema, %s', (_, l) => {
    expect(validSarif(l), JSON.stringify(validSarif.errors, null, 1)).toBe(true);
  });

  it('is checked by a schema that refuses a wrong log', () => {
    expect(validSarif({ ...log, version: '2.0.0' })).toBe(false);
    expect(validSarif({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).toBe(false);
  });

  it('has one rule per code, with its description, and results pointing at repository-relative files', () => {
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules ?? [];
    expect(rules.find((r) => r.id === 'UNKNOWN_KEY')?.shortDescription?.text).toBe(
      'a key the schema does not define (with a "did you mean")',
    );
    expect(rules.every((r) => r.help?.markdown?.includes('docs/tb-gen.md#diagnostic-codes'))).toBe(true);
    expect(rules.map((r) => r.id)).toContain('HPA_WITHOUT_CPU_REQUEST');
    const [first, second] = run.results ?? [];
    expect(first?.locations?.[0]?.physicalLocation).toEqual({
      artifactLocation: { uri: 'deploy/values.yaml', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 7 },
    });
    expect(rules[first?.ruleIndex ?? -1]?.id).toBe('UNKNOWN_KEY');
    expect(second?.locations).toBeUndefined();
    expect(second?.message.text).toMatch(/\(at --set:5:7\)$/);
  });

  // GitHub code scanning refuses a result without a location: with an anchor (the first -f
  // file), a result in no file of the repository is placed at its line 1 and says where it was.
  it.each([
    ['--set', 'deploy/values.yaml', { uri: 'deploy/values.yaml', region: { startLine: 1 } }],
    ['-', 'deploy/values.yaml', { uri: 'deploy/values.yaml', region: { startLine: 1 } }],
    ['--set-json', 'my dir/v #1.yaml', { uri: 'my%20dir/v%20%231.yaml', region: { startLine: 1 } }],
    ['values.yaml', 'deploy/other.yaml', { uri: 'deploy/values.yaml', region: { startLine: 5, startColumn: 7 } }],
    ['--set', undefined, undefined],
  ])('a result in %s with anchor %s is located at %j', (file, anchor, want) => {
    const anchored = toSarif([d({ file })], inRepo, { version: '1' }, anchor);
    expect(validSarif(anchored), JSON.stringify(validSarif.errors, null, 1)).toBe(true);
    const loc = anchored.runs[0]?.results?.[0]?.locations?.[0]?.physicalLocation;
    expect(loc && { uri: loc.artifactLocation?.uri, region: loc.region }).toEqual(want);
    if (file !== 'values.yaml') expect(anchored.runs[0]?.results?.[0]?.message.text).toContain(`(at ${file}:5:7)`);
  });

  it('keeps the fingerprint of an anchored result apart from one really at line 1', () => {
    const fp = (x: Diagnostic) => toSarif([x], inRepo, { version: '1' }, 'deploy/values.yaml').runs[0]?.results?.[0]?.partialFingerprints;
    expect(fp(d({ file: '--set', line: 1, col: 1 }))).not.toEqual(fp(d({ line: 1, col: 1 })));
  });

  it('fingerprints what a finding is, not where: the same finding on another line keeps it, another finding does not', () => {
    const fp = (x: Diagnostic) => toSarif([x], inRepo, { version: '1' }).runs[0]?.results?.[0]?.partialFingerprints;
    expect(fp(d({ line: 40, col: 3 }))).toEqual(fp(d()));
    const dup = (line: number) => d({ code: 'DUPLICATE_KEY', pointer: '', message: `duplicate key \`a\` (first at line ${line})` });
    expect(fp(dup(3))).toEqual(fp(dup(9)));
    expect(fp(d({ pointer: '/workers/web/replcas' }))).not.toEqual(fp(d()));
    const twice = toSarif([d(), d({ line: 9 })], inRepo, { version: '1' }).runs[0]?.results?.map((r) => r.partialFingerprints);
    expect(new Set(twice?.map((f) => JSON.stringify(f))).size).toBe(2);
  });
});

const WARN = 'taskConfig: { app: app.js }\ntasks:\n  orphan: { queue: q }\nworkers:\n  api:\n    tasks: [api_process]\n';
const BAD = 'workers:\n  api:\n    replcas: 2\n';

describe('--format and --strict on validate and render', () => {
  const files = { 'warn.yaml': WARN, 'bad.yaml': BAD };
  it.each([
    [['validate', '-f', 'warn.yaml'], 0],
    [['validate', '-f', 'warn.yaml', '--strict'], 1],
    [['render', '-f', 'warn.yaml', '--strict'], 1],
    [['validate', '-f', 'bad.yaml', '--format', 'json'], 1],
    [['validate', '-f', 'warn.yaml', '--format', 'sarif', '--strict'], 1],
  ])('%j exits %i', async (argv, code) => {
    const r = await cli(argv, { files });
    expect(r.code, r.stderr).toBe(code);
    if (argv[0] === 'render' && code === 1) expect(r.stdout).toBe('');
  });

  it('prints validate --format json on stdout in the documented shape', async () => {
    const r = await cli(['validate', '-f', 'warn.yaml', '--format', 'json'], { files });
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual([
      'version',
      'command',
      'valid',
      'enabledWorkers',
      'objects',
      'errors',
      'warnings',
      'text',
      'diagnostics',
    ]);
    expect(j).toMatchObject({
      version: 1,
      valid: true,
      enabledWorkers: 1,
      objects: 2, // the Deployment and its PodDisruptionBudget
      errors: 0,
      warnings: 1,
      text: '0 errors, 1 warning',
    });
    expect(Object.keys(j.diagnostics[0])).toEqual(['file', 'line', 'col', 'pointer', 'code', 'severity', 'message', 'hint']);
  });

  it('appends the full list to $GITHUB_STEP_SUMMARY with --format github', async () => {
    const appended = new Map<string, string>();
    const r = await cli(['validate', '-f', 'bad.yaml', '--format', 'github'], { files, env: { GITHUB_STEP_SUMMARY: '/s.md' }, appended });
    expect(r.stdout).toMatch(/^::error file=bad\.yaml,line=3,col=5,title=UNKNOWN_KEY::unknown key `replcas`/);
    expect(appended.get('/s.md')).toMatch(/^### tb-gen\n\n1 error, 0 warnings\n/);
  });

  it('names files relative to the repository root, wherever tb-gen runs', async () => {
    const r = await cli(['validate', '-f', 'values.yaml', '--format', 'sarif'], { cwd: join(ROOT, 'examples') });
    const uris = JSON.parse(r.stdout).runs[0].results.map((x: any) => x.locations?.[0]?.physicalLocation.artifactLocation.uri);
    // replicas under an HPA twice (REPLICAS_IGNORED), ml_training and model_inference (TASK_NOT_SERVED)
    expect(uris).toEqual(Array(4).fill('examples/values.yaml'));
  });

  it.each([
    [['validate', '-f', 'values.yaml', '--set', 'workers[0]=x', '--format', 'sarif'], 1],
    [['render', '-f', 'values.yaml', '--set', 'a[99999999]=x', '--format', 'sarif'], 1],
  ])('anchors a --set finding at the first -f file: %j', async (argv, code) => {
    const r = await cli(argv, { cwd: join(ROOT, 'examples') });
    expect(r.code).toBe(code);
    const log = JSON.parse(argv[0] === 'render' ? r.stderr : r.stdout);
    expect(validSarif(log), JSON.stringify(validSarif.errors, null, 1)).toBe(true);
    const results = log.runs[0].results as any[];
    const set = results.filter((x) => /\(at --set:1:1\)/.test(x.message.text));
    expect(set.length).toBeGreaterThan(0);
    for (const x of set)
      expect(x.locations[0].physicalLocation).toEqual({
        artifactLocation: { uri: 'examples/values.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 1 },
      });
    expect(results.every((x) => x.locations?.length === 1)).toBe(true);
  });
});

describe('--format on every command: the same option, its own choices', () => {
  const files = { 'v.yaml': 'taskConfig: { app: a.js }\nworkers:\n  api:\n    tasks: [t]\n' };
  it.each([
    [['validate', '-f', 'v.yaml', '--format', 'markdown'], 2, "'markdown'"],
    [['render', '-f', 'v.yaml', '--format', 'yaml'], 2, "'yaml'"],
    [['diff', '--base-values', 'v.yaml', '-f', 'v.yaml', '--format', 'yaml'], 2, "'yaml'"],
    [['explain', 'api', '-f', 'v.yaml', '--format', 'markdown'], 2, "'markdown'"],
    [['report', '-f', 'v.yaml', '--format', 'sarif'], 2, "'sarif'"],
    [['explain', 'api', '-f', 'v.yaml', '--format', 'json'], 0, ''],
    [['report', '-f', 'v.yaml', '--format', 'markdown'], 0, ''],
    [['diff', '--base-values', 'v.yaml', '-f', 'v.yaml', '--format', 'markdown'], 0, ''],
  ])('%j exits %i', async (argv, code, named) => {
    const r = await cli(argv, { files });
    expect(r.code).toBe(code);
    if (code === 2) expect(r.stderr).toMatch(new RegExp(`argument ${named} is invalid. Allowed choices are text, `));
  });
});
