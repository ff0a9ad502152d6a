// Hostile input for the fuzz properties (issue 18): values files, --set flags, file-system states.
// Seeded by FUZZ_SEED and sized by FUZZ_RUNS, so `make fuzz` runs the same properties longer and
// any failure replays with the seed it prints.
import fc from 'fast-check';
import { stringify } from 'yaml';

/** fast-check parameters: a fixed seed and a few runs in `make test`, more under `make fuzz`. */
export const params = (runs: number): fc.Parameters<unknown> => ({
  seed: Number(process.env.FUZZ_SEED ?? 18),
  numRuns: Number(process.env.FUZZ_RUNS ?? runs),
  endOnFailure: true,
});

/** A property's time limit: vitest's default in `make test`, an hour under `make fuzz`. */
export const TIMEOUT = process.env.FUZZ_RUNS ? 3_600_000 : 60_000;

/** Characters that break careless code: controls, bidi overrides, quotes, YAML and Markdown syntax. */
const NASTY = [
  '\u001b[31m',
  '\u0007',
  '\r',
  '\u009b',
  '\u202e',
  '`',
  '|',
  '<b>',
  '@team',
  '\\',
  '"',
  "'",
  ':',
  '#',
  '&a',
  '*a',
  '{',
  '[',
  '%',
  '\n',
];
export const nastyString = fc
  .array(
    fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'yes', '~', '.nan')),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** A key: a worker-ish name, a prototype name, a YAML 1.1 word, or anything. */
export const nastyKey = fc.oneof(
  fc.constantFrom('api', 'files', 'constructor', '__proto__', 'toString', 'yes', 'on', '~', '1', 'true', 'workers', 'tasks', 'env'),
  nastyString,
);

const leaf = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('.nan', '-.inf', '0x1F', '1e400'),
);
const tree = fc.letrec((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('node'), { maxLength: 3 }),
    fc.dictionary(nastyKey, tie('node'), { maxKeys: 3 }),
  ),
})).node;

/** Secrets the properties plant in env values: a digit run YAML reads as a number, and a word. */
export const secret = fc.oneof(fc.bigInt({ min: 10n ** 10n, max: 10n ** 15n }).map(String), fc.stringMatching(/^S3cr[a-f0-9]{10}$/));

/** A values file: a workers map with nasty parts, as YAML text, sometimes mangled after stringify. */
export const valuesText = fc
  .record({
    workers: fc.dictionary(nastyKey, fc.record({ tasks: fc.array(nastyString, { maxLength: 3 }), extra: tree }), { maxKeys: 3 }),
    top: fc.dictionary(nastyKey, tree, { maxKeys: 2 }),
    mangle: fc.oneof(
      fc.constant(''),
      nastyString,
      fc.constantFrom('  *nope\n', '--- \nx: 1\n', 'a: &x [*x]\n', `deep: ${'['.repeat(300)}\n`),
    ),
  })
  .map(({ workers, top, mangle }) => {
    const w = Object.fromEntries(
      Object.entries(workers).map(([k, v]) => [
        k,
        { tasks: v.tasks, ...(typeof v.extra === 'object' && v.extra && !Array.isArray(v.extra) ? v.extra : {}) },
      ]),
    );
    let text = 'taskConfig:\n  app: dist/app.js\n';
    try {
      text += stringify({ ...top, workers: w });
    } catch {
      text += 'workers: {}\n';
    }
    return text.replace(/^(\s*)"(yes|on|~|1|true)":/gm, '$1$2:') + mangle;
  });

/** One value flag: a kind and an expression of nasty paths and values. */
export const setFlag = fc.record({
  kind: fc.constantFrom('--set', '--set-string', '--set-json', '--set-literal'),
  path: fc.array(
    fc.oneof(
      nastyKey,
      fc.nat(70000).map((n) => `[${n}]`),
    ),
    { minLength: 1, maxLength: 4 },
  ),
  value: fc.oneof(nastyString, fc.json({ maxDepth: 3 }), fc.constantFrom('{a,b', '[[[[', '{"__proto__":{"x":1}}', '1e999')),
});
