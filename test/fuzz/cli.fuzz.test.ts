// Fuzzing tb-gen in process (issue 18): generated hostile values files and --set flags, every output
// format, asserting the README's promises as properties. A failure prints its seed and the
// smallest input found; each one found so far is a row in test/hostile/.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/run.js';
import { params, TIMEOUT, secret, setFlag, valuesText } from './arbitraries.js';

const FORMATS = ['text', 'json', 'github', 'sarif'] as const;
// eslint-disable-next-line no-control-regex -- the characters under test
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ONE = 'taskConfig:\n  app: dist/app.js\nworkers:\n  api:\n    tasks: [a]\n';

/** Run tb-gen in process; a rejected promise is what the bin would print as an internal error. */
async function run(argv: string[], files: Record<string, string>) {
  const appended = new Map<string, string>();
  let r;
  try {
    r = await cli(argv, { files, env: { GITHUB_STEP_SUMMARY: 'summary.md' }, appended });
  } catch (e) {
    throw new Error(`internal error: ${(e as Error).stack ?? String(e)}`, { cause: e });
  }
  return { ...r, all: r.stdout + r.stderr + [...appended.values()].join('') };
}

/** The promises every run keeps, whatever the input. */
function promises(r: { code: number; all: string }): void {
  expect([0, 1, 2]).toContain(r.code);
  expect(r.all).not.toMatch(/internal error|Maximum call stack|\n\s+at \S+ \(/);
  expect(r.all).not.toMatch(RAW_CONTROL);
  for (const line of r.all.split('\n')) expect(line.length).toBeLessThan(2000);
}

describe('fuzz: hostile values files', () => {
  it(
    'validate in every format: exit 0/1/2, no internal error, no raw control character, bounded lines',
    async () => {
      await fc.assert(
        fc.asyncProperty(valuesText, fc.constantFrom(...FORMATS), async (text, format) => {
          promises(await run(['validate', '-f', 'v.yaml', '--format', format], { 'v.yaml': text }));
        }),
        params(40),
      );
    },
    TIMEOUT,
  );

  it(
    'no secret env value is echoed by any format, whatever else is wrong',
    async () => {
      await fc.assert(
        fc.asyncProperty(valuesText, secret, fc.constantFrom('DB_PASSWORD', 'apiToken', 'AWS_SECRET_ACCESS_KEY'), async (text, s, name) => {
          const planted =
            `${text.replace(/\n?$/, '\n')}defaults:\n  env:\n    - name: ${name}\n      value: ${s}\n` +
            `global:\n  broker: redis://user:${s}@redis:6379/0\n`;
          for (const format of FORMATS) {
            const r = await run(['validate', '-f', 'v.yaml', '--format', format], { 'v.yaml': planted });
            promises(r);
            expect(r.all).not.toContain(s);
          }
        }),
        params(15),
      );
    },
    TIMEOUT,
  );
});

describe('fuzz: hostile --set flags', () => {
  it(
    'a secret set by flag is not echoed, whatever the other flags do',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(setFlag, { maxLength: 2 }),
          secret,
          fc.constantFrom('--set', '--set-string', '--set-json'),
          async (flags, s, kind) => {
            const argv = flags.flatMap((f) => [f.kind, `${f.path.join('.').replace(/\.\[/g, '[')}=${f.value}`]);
            const planted = [
              '--set',
              'workers.api.env[0].name=DB_PASSWORD',
              kind,
              `workers.api.env[0].value=${s}`,
              '--set',
              `taskConfig.broker_url=redis://:${s}@h/0`,
            ];
            for (const format of FORMATS) {
              const r = await run(['validate', '-f', 'v.yaml', ...argv, ...planted, '--format', format], { 'v.yaml': ONE });
              promises(r);
              expect(r.all).not.toContain(s);
            }
          },
        ),
        params(15),
      );
    },
    TIMEOUT,
  );

  it(
    'render with generated flags: exit 0/1/2, no internal error, no raw control character',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(setFlag, { minLength: 1, maxLength: 3 }), async (flags) => {
          const argv = flags.flatMap((f) => [f.kind, `${f.path.join('.').replace(/\.\[/g, '[')}=${f.value}`]);
          promises(await run(['render', '-f', 'v.yaml', ...argv], { 'v.yaml': ONE }));
        }),
        params(60),
      );
    },
    TIMEOUT,
  );
});
