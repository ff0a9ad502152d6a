// Test sources written inline, with `»` marking where a diagnostic is expected to point.
// The marks are removed before parsing, so the expected line:col comes from the text itself.

/** A position a `»` marked, 1-based like the diagnostics. */
export interface Mark {
  file: string;
  line: number;
  col: number;
}

export const MARK = '»';

/** Remove a leading newline and the common indentation, so YAML can be indented in a table. */
export function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '\n')
    .split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

/** The text without its marks, and the position of every mark (line offset for --set rows). */
export function unmark(file: string, marked: string, firstLine = 1): { text: string; marks: Mark[] } {
  const marks: Mark[] = [];
  let text = '';
  let line = firstLine;
  let col = 1;
  for (const ch of marked) {
    if (ch === MARK) {
      marks.push({ file, line, col });
      continue;
    }
    text += ch;
    if (ch === '\n') [line, col] = [line + 1, 1];
    else col++;
  }
  return { text, marks };
}
