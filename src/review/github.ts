// `--format github`: GitHub Actions workflow commands, one annotation per diagnostic. The runner
// reads `::error file=F,line=L,col=C,title=T::message`; data escapes %, CR and LF, and property
// values also ':' and ',' (the runner's rules, as actions/toolkit's command.ts writes them).
import { summarize, type Diagnostic } from '../values/diagnostics.js';
import { visibleLine } from '../contract/visible.js';

/** GitHub keeps at most this many error and this many warning annotations per step. */
export const ANNOTATIONS_PER_KIND = 10;

/** A step summary may hold 1 MiB; the list is cut well before that, with a note. */
const SUMMARY_BUDGET = 512 * 1024;

/** Escape a command's message. */
export const escapeData = (s: string): string => controls(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

// Control characters but CR and LF (which the runner's own escapes carry) as visible escapes: an
// ESC in a value reaches neither the runner's log viewer nor a terminal.
const controls = (s: string): string =>
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  s.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, visibleLine);

/** Escape a property value (file, title): as data, and ':' and ',' too. */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** Where a diagnostic's file is in the repository, or undefined when it is no file there (--set, stdin). */
export type FileOf = (name: string) => string | undefined;

/** One workflow command for a diagnostic; one that is in no file says where it was instead. */
export function annotation(d: Diagnostic, fileOf: FileOf): string {
  const file = fileOf(d.file);
  const props = file === undefined ? [] : [`file=${escapeProperty(file)}`, `line=${d.line}`, `col=${d.col}`];
  props.push(`title=${escapeProperty(d.code)}`);
  const where = file === undefined ? ` (at ${d.file}:${d.line}:${d.col})` : '';
  const text = d.message + where + (d.hint ? `\nhint: ${d.hint}` : '');
  return `::${d.severity} ${props.join(',')}::${escapeData(text)}`;
}

/** The annotations GitHub will show (10 of each kind, in order), a notice counting the rest, then the count. */
export function githubCommands(list: readonly Diagnostic[], fileOf: FileOf): string[] {
  const shown = { error: 0, warning: 0 };
  const lines: string[] = [];
  for (const d of list) {
    if (shown[d.severity] >= ANNOTATIONS_PER_KIND) continue;
    shown[d.severity]++;
    lines.push(annotation(d, fileOf));
  }
  const left = list.length - shown.error - shown.warning;
  if (left > 0) {
    const errors = list.filter((d) => d.severity === 'error').length - shown.error;
    const note = `${left} more (${errors} errors, ${left - errors} warnings) not annotated: GitHub shows ${ANNOTATIONS_PER_KIND} of each kind per step; the step summary and the log list them all`;
    lines.push(`::notice title=${escapeProperty('tb-gen')}::${escapeData(note)}`);
  }
  if (list.length) lines.push(summarize(list));
  return lines;
}

/** Every diagnostic as a Markdown table for $GITHUB_STEP_SUMMARY, cut (with a note) past its budget. */
export function stepSummary(list: readonly Diagnostic[], title: string): string {
  const head = `### ${title}\n\n${list.length ? summarize(list) : 'no problems'}\n\n`;
  if (!list.length) return head;
  const rows: string[] = ['| where | severity | code | message |', '| --- | --- | --- | --- |'];
  let size = head.length;
  for (const [i, d] of list.entries()) {
    const row = `| <code>${escText(`${d.file}:${d.line}:${d.col}`)}</code> | ${d.severity} | <code>${d.code}</code> | ${cell(d.message)}${d.hint ? `<br>hint: ${cell(d.hint)}` : ''} |`;
    if (size + row.length > SUMMARY_BUDGET) {
      rows.push(`\n${list.length - i} more left out to keep the summary under GitHub's limit; the log has them all.`);
      break;
    }
    size += row.length + 1;
    rows.push(row);
  }
  return head + rows.join('\n') + '\n';
}

/**
 * Text for a Markdown table cell that renders as text whatever it holds: `code` spans become
 * <code> elements, and every character Markdown or HTML would act on (`<`, `|`, `[`, `@`, a lone
 * backtick ...) is an entity, so no value can open a span, a link, a tag or an @mention.
 */
export function cell(s: string): string {
  const parts = s.split('`');
  return parts
    .map((p, i) => (i % 2 === 0 ? escText(p) : i === parts.length - 1 ? `&#96;${escText(p)}` : `<code>${escText(p)}</code>`))
    .join('');
}

const escText = (s: string): string => visibleLine(s).replace(/[&<>|@[\]\\*_~#!:`"']/g, (c) => `&#${c.charCodeAt(0)};`);
