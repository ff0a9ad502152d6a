// Files that are not one YAML map, and mistakes in other sources: second -f files, --profiles files, --set.
// Each row: marked YAML in, the diagnostics it must produce out (file:line:col from the `»`
// marks). tb-gen runs every row (test/invalid.test.ts), and so do Helm 3 and Helm 4
// (test/chart/invalid.test.ts), so every case is written once.
import { E, type Row } from '../helpers/expect-diagnostics.js';

// Nine levels of nine aliases each: 9^9 strings if expanded.
function bomb(): string {
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const [prev, cur] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
    levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return levels.join('\n');
}

/** Rows about reading the sources. */
export const SOURCE_ROWS: Row[] = [
  {
    kind: 'duplicate key',
    values: `
      workers:
        a:
          tasks: [x]
        »a:
          tasks: [z]`,
    want: [E('DUPLICATE_KEY', /keep one/)],
  },
  {
    kind: 'YAML syntax error',
    values: `
      workers:
        a: [x, y
      »defaults: {}`,
    want: [E('YAML_SYNTAX')],
  },
  {
    kind: 'two YAML documents in one file',
    values: `
      workers: {}
      »---
      defaults: {}`,
    want: [E('MULTIPLE_DOCUMENTS', /several -f files/)],
  },
  {
    kind: 'top level is a list',
    values: `
      »- workers
      - defaults`,
    want: [E('NOT_A_MAP')],
  },
  { kind: 'top level is a scalar', values: `»just text`, want: [E('NOT_A_MAP')] },
  {
    kind: 'error through an alias points at the anchored value',
    values: `
      defaults:
        resources: &res
          requests: { memory: »2GB }
      workers:
        a:
          tasks: [x]
          resources: *res`,
    want: [E('INVALID_QUANTITY')],
  },
  {
    kind: 'error under a duplicate key points at the value YAML keeps (the last)',
    values: `
      workers:
        a:
          tasks: [x]
        »a:
          replicas: »"3"`,
    want: [E('DUPLICATE_KEY'), E('WRONG_TYPE')],
  },
  {
    kind: 'error merged in with <<: *anchor points at the anchored value',
    values: `
      profiles:
        base: &base
          concurrency: »»0
      workers:
        a:
          <<: *base
          tasks: [x]
        b:
          <<: [*base]
          concurrency: »9999999`,
    want: [E('OUT_OF_RANGE'), E('OUT_OF_RANGE'), E('OUT_OF_RANGE')],
  },
  {
    kind: 'error in the second -f file is located in that file',
    values: {
      'base.yaml': `
      workers:
        a:
          tasks: [x]`,
      'override.yaml': `
      # production
      workers:
        a:
          replicas: »many`,
    },
    want: [E('WRONG_TYPE')],
  },
  {
    kind: 'errors in a --profiles file',
    values: `
      workers:
        a: { profile: big, tasks: [x] }`,
    profiles: {
      'profiles.yaml': `
      profiles:
        big:
          concurrency: »lots
          resources: { memory: »8GB }`,
    },
    want: [E('WRONG_TYPE'), E('INVALID_QUANTITY', /`8Gi`/)],
  },
  { kind: '--set without =', sets: ['»workers.a.replicas'], want: [E('SET_SYNTAX', /path\.to\.key=value/)] },
  {
    kind: '--set with an empty path segment',
    sets: ['workers.a.tasks={x}', '»workers..replicas=3'],
    want: [E('SET_SYNTAX')],
    helmAccepts: "Helm's --set parser silently drops an assignment with an empty key segment",
  },
  {
    kind: '--set second assignment of one argument',
    sets: ['workers.a.tasks={x},»=3'],
    want: [E('SET_SYNTAX')],
    helmAccepts: "Helm's --set parser silently drops an assignment with an empty key",
  },
  {
    kind: '--set of the wrong type',
    values: `
      workers:
        a:
          tasks: [x]`,
    sets: ['»workers.a.replicas=abc'],
    want: [E('WRONG_TYPE')],
  },
  { kind: 'a billion-laughs alias bomb fails fast, with a diagnostic', values: `»${bomb()}\n`, want: [E('ALIAS_BOMB', /aliases/)] },
  {
    kind: 'mistakes in every source at once: two files, a profiles file and --set',
    values: { 'a.yaml': 'workers:\n  a:\n    replicas: »-1\n', 'b.yaml': 'workers:\n  a:\n    »replcas: 1\n' },
    profiles: { 'p.yaml': 'profiles:\n  p:\n    concurrency: »0\n' },
    sets: ['»defaults.replicas=x'],
    want: [E('WRONG_TYPE'), E('OUT_OF_RANGE'), E('UNKNOWN_KEY'), E('OUT_OF_RANGE')],
  },
];
