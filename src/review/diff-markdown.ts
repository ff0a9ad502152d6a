// `tb-gen diff --format markdown`: the body of a pull-request comment. A table of the workers that
// change with a totals row, the routing changes, the head side's warnings, then the details folded
// in <details>. GitHub refuses comments over 65,536 characters: the comment is held to a budget by
// leaving out whole pieces, details first, then warnings, routing lines and table rows, each with
// a note saying how many and how to see them all. Values are code spans and fences that no
// backtick, pipe or line break in them can end early.
import { formatDiagnostic, type Diagnostic } from '../values/diagnostics.js';
import { visible, visibleLine } from '../contract/visible.js';
import { capacityCells, change, fieldDiffLines, routingLine, scaleCells } from './diff-cells.js';
import type { DiffReport, SideReport, WorkerChange } from './diff.js';

/** Characters the comment may take: GitHub's 65,536 less room for a bot's own header. */
export const COMMENT_BUDGET = 60_000;

const HEAD = '| worker | status | mode | replicas | job slots at max | requests at min | requests at max | limits at min | limits at max |';
const RULE = '| --- | --- | --- | --- | --- | --- | --- | --- | --- |';
const FULL = 'run `tb-gen diff` with the same flags (or `--format json`) for the full diff';

/** Line breaks, tabs and every other control character as escapes (`\n`, `\x1b`): a value shown on one line. */
export const oneLine = (s: string): string => visibleLine(s);

const longestRun = (s: string) => Math.max(0, ...(s.match(/`+/g) ?? []).map((r) => r.length));

/** An inline code span holding `s` exactly (on one line): its backtick fence is longer than any run inside. */
export function code(s: string): string {
  const v = oneLine(s);
  const ticks = '`'.repeat(longestRun(v) + 1);
  const pad = v.startsWith('`') || v.endsWith('`') || (v.startsWith(' ') && v.endsWith(' ') && v.trim() !== '') ? ' ' : '';
  return `${ticks}${pad}${v}${pad}${ticks}`;
}

/** A fenced block holding `body` verbatim: the fence is longer than any backtick run in it. */
export function fenced(body: string, info = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(body) + 1));
  return `${fence}${info}\n${visible(body)}\n${fence}\n`;
}

/** A table cell: pipes escaped (GitHub splits cells before it reads code spans), never a line break. */
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|');
const q = code;

/** The comment body, within `budget` characters. */
export function diffMarkdown(r: DiffReport, budget = COMMENT_BUDGET): string {
  const title = `### tb-gen diff: ${q(r.base.label)} → ${q(r.head.label)}\n`;
  const invalid = [r.base, r.head].filter((s) => !s.valid);
  if (invalid.length) return assemble(budget, [title], invalid.flatMap(invalidSide));
  if (!r.changed) return `${title}\nNo change to any worker, routing or rendered object.\n`;
  const changed = r.workers.filter((w) => w.status !== 'unchanged');
  const unchanged = r.workers.length - changed.length;
  const legend = 'CPU / memory, summed over the replicas; `*`: some workers set none, `-`: none does.\n';
  const tail = [totalsRow(r), unchanged ? `\n${unchanged} unchanged worker${unchanged === 1 ? '' : 's'} not shown.\n` : '\n'];
  const routing: Section[] = r.routing.length
    ? [{ head: '#### Routing\n', items: r.routing.map((x) => `- ${routingLine(x, q)}`), what: 'routing change(s)', foot: '\n' }]
    : [];
  const warned = [r.head].filter((x) => x.diagnostics.diagnostics.length).flatMap(diagnosticSections);
  const details: Section = {
    head: '',
    items: [...changed.map(workerDetails), ...r.objects.map(objectDetails)],
    what: 'detail section(s)',
    foot: '',
    joiner: '\n',
  };
  const table: Section = {
    head: [title, legend, HEAD, RULE].join('\n'),
    items: changed.map(row),
    what: 'changed workers',
    foot: tail.join('\n'),
  };
  return assemble(budget, [], [table, ...routing, ...warned, details]);
}

/** A part of the comment: a head and foot always shown, and items left out from the end when space runs short. */
interface Section {
  head: string;
  items: string[];
  /** What the items are, for the note: "changed workers", "diagnostic(s)". */
  what: string;
  foot: string;
  /** Between items: a line break (rows, lines), or a blank line (details blocks). */
  joiner?: string;
  /** The fenced block the items sit in, if any. */
  fence?: string;
}

const note = (n: number, what: string) => `\n${n} more ${what} left out to fit GitHub's comment limit; ${FULL}.\n`;

// Items are kept in the order of `sections`, which is their priority (the first is cut last); each
// section that loses items says how many, and the whole never passes `budget`.
function assemble(budget: number, fixed: string[], sections: Section[]): string {
  const render = (s: Section, n: number) => {
    const items = s.items.slice(0, n).join(s.joiner ?? '\n');
    const body = s.fence !== undefined ? fenced(items, s.fence) : items;
    const parts = [s.head, ...(n || s.fence === undefined ? [body] : []), s.foot].filter((p) => p !== '');
    return parts.join('\n') + (n < s.items.length ? note(s.items.length - n, s.what) : '');
  };
  const whole = (counts: number[]) => [...fixed, ...sections.map((s, i) => render(s, counts[i] ?? 0))].join('\n').replace(/\n*$/, '\n');
  // Every section at its smallest (head, foot and a note), then as many items as fit, in priority
  // order; more items never make a section shorter, so the count is found by bisection.
  const counts = sections.map(() => 0);
  for (const [i, s] of sections.entries()) {
    let [lo, hi] = [0, s.items.length];
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      counts[i] = mid;
      if (whole(counts).length <= budget) lo = mid;
      else hi = mid - 1;
    }
    counts[i] = lo;
  }
  const text = whole(counts);
  if (text.length <= budget) return text;
  // Even the heads do not fit (a budget of a few hundred characters): cut at a line, and say so.
  const end = `\n… cut to fit GitHub's comment limit; ${FULL}.\n`;
  const room = Math.max(0, budget - end.length);
  const cut = text.slice(0, room);
  return (cut.lastIndexOf('\n') > 0 ? cut.slice(0, cut.lastIndexOf('\n')) : cut) + end;
}

function row(w: WorkerChange): string {
  const mode = change(w.base?.mode ?? null, w.head?.mode ?? null);
  const cells = [
    q(w.name),
    w.status,
    mode,
    ...scaleCells(w.capacity.base, w.capacity.head),
    ...capacityCells(w.capacity.base, w.capacity.head),
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

function totalsRow(r: DiffReport): string {
  if (!r.totals) return '';
  const [nb, na] = [r.workers.filter((w) => w.base).length, r.workers.filter((w) => w.head).length];
  const cells = [
    `**total** (${change(String(nb), String(na))} workers)`,
    '',
    '',
    ...scaleCells(r.totals.base, r.totals.head),
    ...capacityCells(r.totals.base, r.totals.head, nb, na),
  ];
  return `| ${cells.map(cell).join(' | ')} |`;
}

function workerDetails(w: WorkerChange): string {
  const lines = w.changes.map((c) => `| ${cell(c.field)} | ${cell(inline(c.before))} | ${cell(inline(c.after))} |`);
  return `<details><summary>worker ${q(w.name)} (${w.status}): ${w.changes.length} field(s)</summary>\n\n| field | before | after |\n| --- | --- | --- |\n${lines.join('\n')}\n\n</details>\n`;
}

function objectDetails(o: DiffReport['objects'][number]): string {
  const body = o.fields.length ? `\n\n${fenced(o.fields.flatMap(fieldDiffLines).join('\n'), 'diff')}` : '\n';
  return `<details><summary>${o.kind}/${o.name} (${o.change}${o.fields.length ? `, ${o.fields.length} field(s)` : ''})</summary>${body}\n</details>\n`;
}

const inline = (v: string | null) => (v === null ? '-' : v === '' ? '""' : code(v));

const lines = (s: SideReport) => s.diagnostics.diagnostics.map((d) => formatDiagnostic(d as unknown as Diagnostic));

const diagnosticSections = (s: SideReport): Section[] => [
  { head: `**${q(s.label)}**: ${s.diagnostics.text}\n`, items: lines(s), what: 'diagnostic(s)', foot: '', fence: '' },
];

const invalidSide = (s: SideReport): Section[] => [
  {
    head: `**${q(s.label)} is invalid** (${s.diagnostics.text}); nothing to compare:\n`,
    items: lines(s),
    what: 'diagnostic(s)',
    foot: '',
    fence: '',
  },
];
