// `--format json` for diagnostics: the Diagnostic records as data, in the pipeline's order, with a
// fixed key order so two runs on the same input print the same bytes.
import { summarize, type Diagnostic } from '../values/diagnostics.js';

/** Version of the JSON shapes tb-gen prints; bumped only when a field changes meaning or goes. */
export const JSON_VERSION = 1;

/** One diagnostic as JSON: every key always present (`hint` is null when there is none). */
export interface DiagnosticJson {
  file: string;
  line: number;
  col: number;
  pointer: string;
  code: string;
  severity: 'error' | 'warning';
  message: string;
  hint: string | null;
}

/** The counts and the list; `summary.text` is the line the text format ends with. */
export interface DiagnosticsJson {
  errors: number;
  warnings: number;
  text: string;
  diagnostics: DiagnosticJson[];
}

/** A diagnostic with its keys in the documented order. */
export const diagnosticJson = (d: Diagnostic): DiagnosticJson => ({
  file: d.file,
  line: d.line,
  col: d.col,
  pointer: d.pointer,
  code: d.code,
  severity: d.severity,
  message: d.message,
  hint: d.hint ?? null,
});

/** The list with its counts. */
export function diagnosticsJson(list: readonly Diagnostic[]): DiagnosticsJson {
  const errors = list.filter((d) => d.severity === 'error').length;
  return { errors, warnings: list.length - errors, text: summarize(list), diagnostics: list.map(diagnosticJson) };
}
