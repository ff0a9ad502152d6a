// `--format sarif`: SARIF 2.1.0 for code scanning. One rule per diagnostic code (its description
// from src/contract/codes.ts), results with repository-relative URIs, and fingerprints made of
// what a finding is (code, file, JSON pointer, message without line numbers) rather than where it
// sits, so an alert survives lines moving above it.
import { createHash } from 'node:crypto';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Diagnostic } from '../values/diagnostics.js';
import { CODES, type Code } from '../contract/codes.js';
import type { FileOf } from './github.js';

/** The documentation page and section whose table describes every code. */
export const CODES_PAGE = 'docs/tb-gen.md';
export const CODES_ANCHOR = 'diagnostic-codes';
/** Name of the fingerprint tb-gen computes; its version changes only if the recipe does. */
export const FINGERPRINT = 'tbGenFinding/v1';

/** Tool identity and, when the package has a homepage, the absolute URL the documentation pages are under. */
export interface SarifTool {
  version: string;
  docsUrl?: string;
}

const SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const CODE_LIST = Object.keys(CODES) as Code[];

/**
 * The whole log: one run of tb-gen, every rule, one result per diagnostic. GitHub code scanning
 * refuses a result without a location, so one in no file of the repository (`--set`, stdin) is
 * anchored at line 1 of `anchor`, the first -f file's repository path, and says where it was.
 */
export function toSarif(list: readonly Diagnostic[], fileOf: FileOf, tool: SarifTool, anchor?: string): Log {
  const seen = new Map<string, number>();
  return {
    $schema: SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'tb-gen', version: tool.version, rules: CODE_LIST.map((c) => rule(c, tool.docsUrl)) } },
        columnKind: 'utf16CodeUnits',
        results: list.map((d) => result(d, fileOf, seen, anchor)),
      },
    ],
  };
}

function rule(code: Code, docsUrl: string | undefined): ReportingDescriptor {
  const spec = CODES[code];
  const plain = spec.when.replace(/`/g, "'");
  // With a homepage, the page is taken relative to it (a docs site or a repository's tree URL).
  const link = `${docsUrl ? docsUrl.replace(/\/?(#.*)?$/, '/') : ''}${CODES_PAGE}#${CODES_ANCHOR}`;
  return {
    id: code,
    name: pascal(code),
    shortDescription: { text: plain },
    fullDescription: { text: `${plain} (${spec.severity})` },
    help: {
      text: `${plain}. Every code is described in tb-gen's documentation: ${link}`,
      markdown: `${spec.when}. See [the diagnostic codes](${link}).`,
    },
    ...(docsUrl ? { helpUri: link } : {}),
    defaultConfiguration: { level: spec.severity },
  };
}

function result(d: Diagnostic, fileOf: FileOf, seen: Map<string, number>, anchor: string | undefined): Result {
  const uri = fileOf(d.file);
  const key = [d.code, uri ?? d.file, d.pointer, d.message.replace(/\bline \d+/g, 'line')].join('\0');
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  const n = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, n);
  const where = uri === undefined ? ` (at ${d.file}:${d.line}:${d.col})` : '';
  return {
    ruleId: d.code,
    ruleIndex: CODE_LIST.indexOf(d.code),
    level: d.severity,
    message: { text: d.message + where + (d.hint ? `\nhint: ${d.hint}` : '') },
    ...(uri !== undefined
      ? { locations: [location(uri, { startLine: d.line, startColumn: d.col })] }
      : anchor !== undefined
        ? { locations: [location(anchor, { startLine: 1 })] }
        : {}),
    partialFingerprints: { [FINGERPRINT]: `${hash}:${n}` },
    properties: { pointer: d.pointer },
  };
}

const location = (uri: string, region: { startLine: number; startColumn?: number }) => ({
  physicalLocation: { artifactLocation: { uri: encodeUri(uri), uriBaseId: '%SRCROOT%' }, region },
});

// A relative path as a URI reference: each segment percent-encoded, the slashes kept.
const encodeUri = (path: string) => path.split('/').map(encodeURIComponent).join('/');
const pascal = (code: string) =>
  code
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
