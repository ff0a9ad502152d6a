// File tasks of the brief's `file-processing` worker. file_extract and file_transform share
// file_queue (the file-processing profile consumes it); file_validate keeps its own queue so that
// profile, which does not serve it, never receives its jobs.

import { createHash } from 'node:crypto';
import { registerTask } from '../../src/worker/index.js';

/** Input of the file tasks: the file's text (the example keeps files inline). */
export interface FileData {
  content?: string;
}

/** Line, word and byte counts plus a checksum: what a real extractor records first. */
export function extractText({ content = '' }: FileData) {
  const lines = content === '' ? 0 : content.split('\n').length;
  const words = content.split(/\s+/).filter(Boolean).length;
  return { lines, words, bytes: Buffer.byteLength(content), sha256: sha256(content) };
}

/** Apply text operations in order. */
export function transformText({ content = '', ops = ['trim'] }: FileData & { ops?: string[] }) {
  const steps: Record<string, (lines: string[]) => string[]> = {
    trim: (l) => l.map((s) => s.trim()),
    upper: (l) => l.map((s) => s.toUpperCase()),
    lower: (l) => l.map((s) => s.toLowerCase()),
    dedupe: (l) => [...new Set(l)],
    sort: (l) => [...l].sort(),
  };
  let lines = content.split('\n');
  for (const op of ops) {
    const step = steps[op];
    if (!step) throw new Error(`file_transform: unknown op '${op}' (known: ${Object.keys(steps).join(', ')})`);
    lines = step(lines);
  }
  return { content: lines.join('\n'), ops };
}

/** Check size, encoding and, when given, the expected checksum. */
export function validateFile({ content = '', sha256: expected, maxBytes = 10_000_000 }: FileData & { sha256?: string; maxBytes?: number }) {
  const problems: string[] = [];
  if (Buffer.byteLength(content) > maxBytes) problems.push(`larger than ${maxBytes} bytes`);
  if (content.includes('\uFFFD')) problems.push('contains invalid UTF-8');
  if (expected && expected !== sha256(content)) problems.push('checksum mismatch');
  return { valid: problems.length === 0, problems };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

registerTask({ name: 'file_extract', queue: 'file_queue', handler: extractText });
registerTask({ name: 'file_transform', queue: 'file_queue', handler: transformText });
registerTask({ name: 'file_validate', handler: validateFile });
