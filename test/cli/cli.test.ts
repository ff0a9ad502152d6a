// tb-gen in process (runProgram with a fake Io): exit codes, stdout vs stderr, stdin, and usage errors.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';
import { cli, gen, stream } from '../helpers/run.js';

const GOOD =
  'taskConfig: { app: app.js }\nworkers:\n  api:\n    tasks: [api_process]\n    resources: { requests: { cpu: 250m } }\n    autoscaling: { enabled: true, maxReplicas: 3 }\n  files:\n    tasks: [file_extract]\n';
const WARN = 'taskConfig: { app: app.js }\ntasks:\n  orphan: { queue: q }\nworkers:\n  api:\n    tasks: [api_process]\n';
const BAD = 'workers:\n  api:\n    replcas: 2\n    concurrency: 0\n';
const files = { 'good.yaml': GOOD, 'warn.yaml': WARN, 'bad.yaml': BAD, 'set.yaml': 'workers: {}\n' };
const STACK = /\n\s+at .+:\d+:\d+/;

const rows: Array<[string, string[], number, RegExp, RegExp]> = [
  ['validate, valid', ['validate', '-f', 'good.yaml'], 0, /^valid: 2 enabled workers, 5 objects\n$/, /^$/],
  [
    'validate, warnings only',
    ['validate', '-f', 'warn.yaml'],
    0,
    /^valid: 1 enabled worker/,
    /warning\[TASK_NOT_SERVED\][^]*0 errors, 1 warning\n$/,
  ],
  [
    'validate, invalid',
    ['validate', '-f', 'bad.yaml'],
    1,
    /^$/,
    /^bad\.yaml:3:5: error\[UNKNOWN_KEY\][^]*bad\.yaml:4:18: error\[OUT_OF_RANGE\][^]*\n2 errors, 0 warnings\n$/,
  ],
  ['render, invalid', ['render', '-f', 'bad.yaml'], 1, /^$/, /error\[UNKNOWN_KEY\]/],
  ['render, a --set error', ['render', '-f', 'set.yaml', '--set', 'workers.a'], 1, /^$/, /^--set:1:1: error\[SET_SYNTAX\]/],
  ['missing values file', ['render', '-f', 'nope.yaml'], 2, /^$/, /^tb-gen: cannot read values file 'nope\.yaml': no such file\n$/],
  ['missing profiles file', ['render', '-f', 'good.yaml', '--profiles', 'nope.yaml'], 2, /^$/, /cannot read profiles file 'nope\.yaml'/],
  ['no -f', ['render'], 2, /^$/, /no values given; pass -f values\.yaml/],
  ['stdin twice', ['render', '-f', '-', '-f', '-'], 2, /^$/, /-f - \(stdin\) may be given once/],
  ['unknown option', ['render', '-f', 'good.yaml', '--bogus'], 2, /^$/, /unknown option '--bogus'/],
  ['unknown command', ['frobnicate'], 2, /^$/, /unknown command 'frobnicate'/],
  ['option without its value', ['render', '-f'], 2, /^$/, /argument missing/],
  ['--check without -o', ['render', '-f', 'good.yaml', '--check'], 2, /^$/, /--check compares with a directory/],
  ['bad release name', ['render', '-f', 'good.yaml', '--release', 'Prod_1'], 2, /^$/, /release name 'Prod_1' must be a DNS-1123 label/],
  ['help', ['--help'], 0, /Usage: tb-gen[^]*validate[^]*render[^]*schema/, /^$/],
  ['help of a command', ['render', '--help'], 0, /--out <dir>[^]*--check/, /^$/],
  ['version', ['--version'], 0, /^\d+\.\d+\.\d+\n$/, /^$/],
];

describe('tb-gen exit codes and streams', () => {
  it.each(rows)('%s', async (_, argv, code, stdout, stderr) => {
    const r = await cli(argv, { files, stdin: GOOD });
    expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({
      code,
      stdout: expect.stringMatching(stdout),
      stderr: expect.stringMatching(stderr),
    });
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('tb-gen render to stdout', () => {
  it('prints the objects as one YAML stream and nothing on stderr', async () => {
    const r = await cli(['render', '-f', 'good.yaml'], { files });
    expect(r).toEqual({ code: 0, stdout: stream(gen(GOOD)), stderr: '' });
    expect(r.stdout.split(/^---$/m).length - 1).toBe(5);
    expect(r.stdout.match(/^kind: .*$/gm)).toEqual([
      'kind: PodDisruptionBudget',
      'kind: PodDisruptionBudget',
      'kind: Deployment',
      'kind: Deployment',
      'kind: HorizontalPodAutoscaler',
    ]);
  });

  it('reads -f - from stdin, naming it <stdin> in diagnostics', async () => {
    const fromFile = await cli(['render', '-f', 'good.yaml'], { files });
    const fromStdin = await cli(['render', '-f', '-'], { stdin: GOOD });
    expect(fromStdin).toEqual(fromFile);
    const bad = await cli(['validate', '-f', 'good.yaml', '-f', '-'], { files, stdin: BAD });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^<stdin>:3:5: error\[UNKNOWN_KEY\]/);
  });

  it('layers -f files, --profiles and --set, and sets --namespace on every object', async () => {
    const r = await cli(
      [
        'render',
        '-f',
        'good.yaml',
        '-f',
        'over.yaml',
        '--profiles',
        'p.yaml',
        '--set',
        'workers.files.replicas=4',
        '--namespace',
        'jobs',
        '--release',
        'prod',
      ],
      {
        files: {
          ...files,
          'over.yaml': 'workers:\n  files:\n    profile: small\n    replicas: 2\n',
          'p.yaml': 'profiles:\n  small:\n    concurrency: 3\n',
        },
      },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^ {2}namespace: jobs$/gm)).toHaveLength(5);
    expect(r.stdout).toMatch(/name: prod-task-worker-files\n[^]*replicas: 4\n[^]*--concurrency=3/);
  });

  it('prints every problem at once, then the count', async () => {
    const r = await cli(['validate', '-f', 'bad.yaml', '-f', 'bad2.yaml'], {
      files: { ...files, 'bad2.yaml': 'taskConfig:\n  backend_type: bulmq\n' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => /^\S+:\d+:\d+: error\[/.test(l))).toHaveLength(3);
    expect(r.stderr).toMatch(/\n {2}hint: did you mean `bullmq`\?\n/);
    expect(r.stderr).toMatch(/\n3 errors, 0 warnings\n$/);
  });
});

describe('tb-gen schema', () => {
  it('prints valid JSON equal to schemas/values.schema.json', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(ROOT, 'schemas/values.schema.json'), 'utf8')));
  });
});
