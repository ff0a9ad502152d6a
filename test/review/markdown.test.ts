// tb-gen diff --format markdown: values that could break a table or a fence, and the comment budget.
import { describe, expect, it } from 'vitest';
import { diff } from '../../src/review/diff.js';
import { code, diffMarkdown, fenced, oneLine } from '../../src/review/diff-markdown.js';
import { value } from '../../src/review/diff-cells.js';
import { gen } from '../helpers/run.js';

const side = (label: string, text: string) => ({ label, result: gen([{ name: label, text }], { noApp: true }) });
const report = (a: string, b: string) => diff(side('base.yaml', a), side('head.yaml', b), (d) => d.some((x) => x.severity === 'error'));

describe('values in Markdown', () => {
  it.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['x ``` y', '````x ``` y````'],
    ['`start', '`` `start ``'],
    ['end`', '`` end` ``'],
    ['two\nlines', '`two\\nlines`'],
    ['cr\r\nlf', '`cr\\r\\nlf`'],
    ['tab\there', '`tab\\there`'],
    ['a|b', '`a|b`'],
  ])('%j as a code span is %s', (raw, shown) => expect(code(raw)).toBe(shown));

  it.each([
    ['one line', 'one line'],
    ['l1\nl2', '"l1\\nl2"'],
    ['say "hi"', 'say "hi"'],
    [3, '3'],
    [{ a: 'x\ny' }, '{"a":"x\\ny"}'],
  ])('field value %j is shown on one line as %s', (v, shown) => expect(value(v)).toBe(shown));

  it.each([
    ['no backticks', '```'],
    ['has ``` inside', '````'],
    ['has ````` five', '``````'],
  ])('a block holding %j is fenced with %s', (body, fence) => expect(fenced(body)).toBe(`${fence}\n${body}\n${fence}\n`));

  it('shows \\n for a line break', () => expect(oneLine('a\nb\r\n')).toBe('a\\nb\\r\\n'));

  it('keeps every table row on one line and every fence closed, whatever the env values hold', () => {
    const values = (v: string) =>
      `taskConfig: { app: a.js }\nworkers:\n  api:\n    tasks: [t]\n    env: [{ name: NOTE, value: ${JSON.stringify(v)} }]\n`;
    const md = diffMarkdown(report(values('old'), values('line 1\nline | 2\n```\nend ``` `x`')));
    const detail = md.split('\n').filter((l) => l.startsWith('| env.NOTE'));
    expect(detail).toEqual(['| env.NOTE | `old` | ```` line 1\\nline \\| 2\\n```\\nend ``` `x` ```` |']);
    // Every fence opened is closed by a fence of the same length before the next one opens.
    const fences = md.split('\n').filter((l) => /^`{3,}/.test(l));
    expect(fences.length % 2).toBe(0);
    for (let i = 0; i < fences.length; i += 2) expect(fences[i + 1]).toBe(fences[i]?.replace(/[^`]/g, ''));
    expect(md).toMatch(/\n\+ spec\.template\.spec\.containers\[worker\]\.env\[NOTE\]\.value: "line 1\\nline \| 2\\n```\\nend ``` `x`"\n/);
  });
});

describe("the PR comment stays within GitHub's limit", () => {
  const many = (tag: string, n = 120, unserved = 0) =>
    'taskConfig: { app: a.js }\ntasks:\n' +
    Array.from({ length: n }, (_, i) => `  t${i}: { queue: q${i} }\n`).join('') +
    Array.from({ length: unserved }, (_, i) => `  nobody_${i}: { queue: nq${i} }\n`).join('') +
    'workers:\n' +
    Array.from(
      { length: n },
      (_, i) =>
        `  w${i}:\n    tasks: [t${i}]\n    concurrency: ${tag === 'a' ? 1 : 2}\n    env: [{ name: TAG, value: "${tag}-${'x'.repeat(80)}" }]\n`,
    ).join('');
  const big = report(many('a'), many('b'));
  // A head side with 300 warnings: a task no worker serves, each.
  const warned = report(many('a', 20), many('b', 20, 300));

  it.each([
    ['the default budget', big, undefined, 60_000, [/detail section\(s\) left out/]],
    ['8,000 characters', big, 8_000, 8_000, [/more changed workers left out/, /detail section\(s\) left out/]],
    ['2,000 characters', big, 2_000, 2_000, [/more changed workers left out/]],
    ['300 characters', big, 300, 300, [/cut to fit GitHub's comment limit/]],
  ])('%s', (_, r, budget, limit, notes) => {
    const md = diffMarkdown(r, budget);
    expect(md.length).toBeLessThanOrEqual(limit);
    for (const n of notes) expect(md).toMatch(n);
    expect(md).toMatch(/run `tb-gen diff` with the same flags \(or `--format json`\) for the full diff/);
    // Nothing is cut inside a row: every table line has its 10 cell borders.
    for (const l of md.split('\n').filter((x) => x.startsWith('| `w'))) expect(l.split(' | ')).toHaveLength(9);
  });

  it('says how many rows it left out, and the rows it kept are the first ones', () => {
    const md = diffMarkdown(big, 8_000);
    const kept = md.split('\n').filter((l) => l.startsWith('| `w'));
    expect(kept.length).toBeGreaterThan(0);
    expect(md).toContain(`${120 - kept.length} more changed workers left out`);
    expect(kept[0]).toMatch(/^\| `w0` \|/);
  });

  it('is the whole diff when it fits', () => {
    const md = diffMarkdown(big, 10_000_000);
    expect(md.length).toBeGreaterThan(60_000);
    expect(md).not.toMatch(/left out/);
  });

  it('cuts a long list of warnings too, with a note', () => {
    const full = diffMarkdown(warned, 10_000_000);
    expect(full.length).toBeGreaterThan(20_000);
    const md = diffMarkdown(warned, 12_000);
    expect(md.length).toBeLessThanOrEqual(12_000);
    expect(md).toMatch(/\d+ more diagnostic\(s\) left out/);
  });

  it("cuts an invalid side's diagnostics, with a note", () => {
    const bad = 'workers:\n' + Array.from({ length: 400 }, (_, i) => `  w${i}: { replcas: 2 }\n`).join('');
    const r = report(bad, many('b', 2));
    const md = diffMarkdown(r, 5_000);
    expect(md.length).toBeLessThanOrEqual(5_000);
    expect(md).toMatch(/is invalid/);
    expect(md).toMatch(/\d+ more diagnostic\(s\) left out/);
    expect(md.split('\n').filter((l) => l === '```')).toHaveLength(2);
  });
});
