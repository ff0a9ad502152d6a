// `tb-gen diff --format markdown`: the body of a pull-request comment. A table of the workers that
// change with a totals row, the routing changes, then the details folded in <details>. GitHub
// refuses comments over 65,536 characters: details are dropped first, then table rows, each with
// a note saying how many and how to see them all.
import { formatDiagnostic, type Diagnostic } from '../config/diagnostics.js';
import { capacityCells, change, fieldDiffLines, routingLine, scaleCells } from './diff-cells.js';
import type { DiffReport, SideReport, WorkerChange } from './diff.js';

/** Characters the comment may take: GitHub's 65,536 less room for a bot's own header. */
export const COMMENT_BUDGET = 60_000;

const q = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|');
const HEAD = '| worker | status | mode | replicas | job slots at max | requests at min | requests at max | limits at min | limits at max |';

/** The comment body, within `budget` characters. */
export function diffMarkdown(r: DiffReport, budget = COMMENT_BUDGET): string {
  const title = `### tb-gen diff: ${q(r.base.label)} → ${q(r.head.label)}\n`;
  const invalid = [r.base, r.head].filter((s) => !s.valid);
  if (invalid.length) return fit([title, ...invalid.map(invalidSide)], [], budget);
  if (!r.changed) return `${title}\nNo change to any worker, routing or rendered object.\n`;
  const changed = r.workers.filter((w) => w.status !== 'unchanged');
  const rows = changed.map(row);
  const unchanged = r.workers.length - changed.length;
  const head = [title, 'CPU / memory, summed over the replicas; `*`: some workers set none, `-`: none does.\n'];
  const tail = [totalsRow(r), unchanged ? `\n${unchanged} unchanged worker${unchanged === 1 ? '' : 's'} not shown.\n` : '\n'];
  const routing = r.routing.length ? ['#### Routing\n', ...r.routing.map((x) => `- ${routingLine(x, q)}`), ''] : [];
  const warned = [r.head].filter((x) => x.diagnostics.diagnostics.length);
  routing.push(...warned.map((x) => `**${q(x.label)}**: ${x.diagnostics.text}\n\n${diagnosticBlock(x)}`));
  const details = [...changed.map(workerDetails), ...r.objects.map(objectDetails)];
  const table = [HEAD, '| --- | --- | --- | --- | --- | --- | --- | --- | --- |'];
  for (let keep = rows.length; keep >= 0; keep--) {
    const cut = rows.length - keep;
    const note = cut ? [`\n${cut} more changed workers left out to fit GitHub's comment limit; run \`tb-gen diff\` to see them.\n`] : [];
    const text = fit([...head, ...table, ...rows.slice(0, keep), ...tail, ...note, ...routing], details, budget);
    if (text.length <= budget || keep === 0) return text;
  }
  return title;
}

// The fixed part, then as many <details> blocks as fit, then a note for the rest.
function fit(fixed: string[], details: string[], budget: number): string {
  let text = fixed.join('\n') + '\n';
  let shown = 0;
  for (const d of details) {
    if (text.length + d.length + 200 > budget) break;
    text += '\n' + d;
    shown++;
  }
  if (shown < details.length)
    text += `\n${details.length - shown} detail section(s) left out to fit GitHub's comment limit; run \`tb-gen diff\` for all.\n`;
  return text;
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
  const body = o.fields.length ? `\n\n\`\`\`diff\n${o.fields.flatMap(fieldDiffLines).join('\n')}\n\`\`\`\n` : '\n';
  return `<details><summary>${o.kind}/${o.name} (${o.change}${o.fields.length ? `, ${o.fields.length} field(s)` : ''})</summary>${body}\n</details>\n`;
}

const inline = (v: string | null) => (v === null ? '-' : v === '' ? '""' : `\`${v.replace(/`/g, "'")}\``);

const diagnosticBlock = (s: SideReport) =>
  `\`\`\`\n${s.diagnostics.diagnostics.map((d) => formatDiagnostic(d as unknown as Diagnostic)).join('\n')}\n\`\`\`\n`;

const invalidSide = (s: SideReport): string =>
  `**${q(s.label)} is invalid** (${s.diagnostics.text}); nothing to compare:\n\n${diagnosticBlock(s)}`;
