// Stage 1: text -> a Layer (plain data plus a way back to line:col). Reading files is the CLI's job.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { depthOf, MAX_DEPTH } from '../contract/limits.js';
import { diag, type Diagnostic, type Position } from './diagnostics.js';

/** A source the user gave: its display name and its text. */
export interface Source {
  name: string;
  text: string;
}

/** One values layer: its data, and where each path was written (undefined if not in this layer). */
export interface Layer {
  file: string;
  data: Record<string, unknown>;
  locate(path: readonly (string | number)[], opts?: { key?: boolean }): Position | undefined;
  /**
   * Does this layer answer for the value at `pointer`? A --set layer also carries the list items
   * it indexes into (Helm sets `a[1]` inside the list the files gave), which the files answer for.
   */
  owns?(pointer: string): boolean;
}

export interface LoadResult {
  layer?: Layer;
  diagnostics: Diagnostic[];
}

// An alias expanded past this many times is an attack or a mistake; fail fast instead of hanging.
const MAX_ALIAS_COUNT = 100;

/** Parse YAML 1.1 (as Helm reads values) with duplicate keys and alias bombs as errors. */
export function loadYaml(src: Source): LoadResult {
  const lc = new LineCounter();
  // uniqueKeys is checked below in linear time; the library's own check is quadratic per map.
  const docs = parseAllDocuments(src.text, { lineCounter: lc, version: '1.1', merge: true, uniqueKeys: false, prettyErrors: false });
  const at = (offset: number): Position => ({ file: src.name, ...lc.linePos(offset) });
  if (!Array.isArray(docs)) return { diagnostics: [] }; // empty stream
  // Duplicate keys and keys YAML 1.1 misreads still leave a usable document: keep going so every
  // other problem shows too. A syntax error or a value no JSON can hold stops this file here.
  const fatal = docs.flatMap((d) => [...yamlErrors(d, at), ...scalarProblems(d, at)]);
  const diagnostics = [...fatal, ...docs.flatMap((d) => duplicateKeys(d, at))];
  const real = docs.filter((d) => d.contents !== null);
  if (real.length > 1) {
    const second = real[1] as Document;
    diagnostics.push(
      diag('MULTIPLE_DOCUMENTS', 'a values file holds one YAML document', at(second.range?.[0] ?? 0), '', 'split it into several -f files'),
    );
  }
  if (fatal.length || diagnostics.some((d) => d.code === 'MULTIPLE_DOCUMENTS')) return { diagnostics };
  const doc = real[0];
  if (!doc) return { layer: makeLayer(src.name, {}, undefined, at), diagnostics: [] };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const code = /alias/i.test(msg) ? 'ALIAS_BOMB' : 'YAML_SYNTAX';
    return {
      diagnostics: [
        diag(code, `cannot expand YAML: ${msg}`, at(doc.range[0]), '', 'remove the nested aliases (*name) that multiply one another'),
      ],
    };
  }
  if (depthOf(data) > MAX_DEPTH) {
    return { diagnostics: [diag('YAML_SYNTAX', tooDeep, at(doc.range[0]), '', 'values nest about 15 levels at most; flatten the file')] };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { diagnostics: [diag('NOT_A_MAP', 'a values file must be a map of keys at the top level', at(doc.range[0]), '')] };
  }
  return { layer: makeLayer(src.name, data as Record<string, unknown>, doc, at), diagnostics };
}

const tooDeep = `maps and lists nest deeper than ${MAX_DEPTH} levels`;

function yamlErrors(doc: Document, at: (o: number) => Position): Diagnostic[] {
  return doc.errors.map((e) => {
    // A stray scalar's text may be anything, a password included: its position names it instead.
    const message = (e.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? e.code).replace(
      /^(Unexpected scalar token in YAML stream): .*$/s,
      '$1 (a value where none can be)',
    );
    // The parser's own stack gave out: the input nests far past anything a values file needs.
    if (/call stack/i.test(message)) return diag('YAML_SYNTAX', tooDeep, at(e.pos[0]), '', 'flatten the file');
    return diag('YAML_SYNTAX', message, at(e.pos[0]), '');
  });
}

// Scalars no values file can mean: .nan and .inf (Helm's JSON step cannot hold them), and aliases to
// an anchor this file does not set before them (anchors never reach across -f files).
function scalarProblems(doc: Document, at: (o: number) => Position): Diagnostic[] {
  const out: Diagnostic[] = [];
  const anchors = new Set<string>();
  visit(doc, {
    Node(_, node) {
      if (node.anchor && !isAlias(node)) anchors.add(node.anchor);
      const start = node.range?.[0] ?? 0;
      if (isAlias(node) && !anchors.has(node.source))
        out.push(
          diag(
            'YAML_SYNTAX',
            `the alias \`*${node.source}\` names no anchor \`&${node.source}\` set above it in this file`,
            at(start),
            '',
            'anchors reach only later parts of the same file, not other -f files or --set; repeat the values or use profiles',
          ),
        );
      if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value))
        out.push(
          diag(
            'WRONG_TYPE',
            `\`${node.source ?? String(node.value)}\` is not a number a values file can hold`,
            at(start),
            '',
            'write a finite number',
          ),
        );
    },
  });
  return out;
}

// Every map of the document, each key checked against a Set of the keys before it.
function duplicateKeys(doc: Document, at: (o: number) => Position): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<unknown, number>();
      for (const pair of map.items) {
        const raw = isScalar(pair.key) ? pair.key.value : pair.key;
        const offset = (pair.key as Node | null)?.range?.[0] ?? 0;
        const bad = keyTypeProblem(pair, raw, at(offset));
        if (bad) out.push(bad);
        // Helm's JSON step makes every key a string: `1:` and `"1":` are one key there.
        const key = typeof raw === 'number' ? String(raw) : raw;
        const first = seen.get(key);
        if (first !== undefined && key !== '<<') {
          out.push(
            diag(
              'DUPLICATE_KEY',
              `duplicate key \`${String(key)}\` (first at line ${at(first).line})`,
              at(offset),
              '',
              'keep one of the keys; YAML would silently use the last',
            ),
          );
        } else seen.set(key, offset);
      }
    },
  });
  return out;
}

// A key YAML 1.1 reads as a boolean or null (`yes:`, `on:`, `~:`) becomes "true" or "" in Helm's
// JSON step: a worker named `yes` would render as task-worker-true. Quoting says what was meant.
function keyTypeProblem(pair: Pair, raw: unknown, at: Position): Diagnostic | undefined {
  if (!isScalar(pair.key) || (typeof raw !== 'boolean' && raw !== null)) return undefined;
  const written = pair.key.source ?? String(raw);
  return diag(
    'WRONG_TYPE',
    `the key \`${written}\` is read as ${raw === null ? 'null' : `the boolean ${String(raw)}`} by YAML 1.1 (as Helm reads values), not as a name`,
    at,
    '',
    `quote it: "${written}": ...`,
  );
}

function makeLayer(file: string, data: Record<string, unknown>, doc: Document | undefined, at: (o: number) => Position): Layer {
  return {
    file,
    data,
    locate(path, opts = {}) {
      if (!doc) return undefined;
      const node = find(doc, path, opts.key ?? false);
      return node?.range ? at(node.range[0]) : undefined;
    },
  };
}

// Walks the document by path, through aliases; with `key`, returns the last map key's node.
function find(doc: Document, path: readonly (string | number)[], key: boolean): Node | undefined {
  let node: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(doc);
    const seg = path[i];
    if (isMap(node)) {
      const pair = pairOf(doc, node, String(seg));
      if (!pair) return undefined;
      const last = i === path.length - 1;
      if ((last && key) || pair.value === null) return last ? (pair.key as Node) : undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
    } else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

// The pair YAML takes a key's value from: the last one written (a duplicate key keeps the last),
// else the one a `<<: *anchor` merge key brings in.
function pairOf(doc: Document, map: YAMLMap, key: string): Pair | undefined {
  const keyOf = (p: Pair) => (isScalar(p.key) ? p.key.value : p.key);
  const own = [...map.items].reverse().find((p) => String(keyOf(p)) === key);
  if (own) return own;
  for (const merge of map.items.filter((p) => typeof keyOf(p) === 'symbol' || keyOf(p) === '<<')) {
    for (const src of isSeq(merge.value) ? merge.value.items : [merge.value]) {
      const m = isAlias(src) ? src.resolve(doc) : src;
      const found = isMap(m) ? pairOf(doc, m, key) : undefined;
      if (found) return found;
    }
  }
  return undefined;
}

/** Position of a path in the last layer that wrote it, else of its nearest written ancestor. */
export function locateIn(layers: readonly Layer[], path: readonly (string | number)[], opts: { key?: boolean } = {}): Position {
  for (let n = path.length; n >= 0; n--) {
    for (let i = layers.length - 1; i >= 0; i--) {
      const pos = (layers[i] as Layer).locate(path.slice(0, n), n === path.length ? opts : { key: true });
      if (pos) return pos;
    }
  }
  const last = layers[layers.length - 1];
  return { file: last?.file ?? '<values>', line: 1, col: 1 };
}
