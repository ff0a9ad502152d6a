// How much input tb-gen reads and how much of it a message repeats: bounds a careless or hostile
// input (`-f /dev/zero`, a --set-json value nested thousands deep) meets as a clear error, never as
// an exhausted memory or stack. docs/safety.md lists them with the reasons for each figure.

/** Largest values, profiles or --set-file file: Helm's own limit for a chart's files (MaxDecompressedFileSize). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Longest --set expression: Linux's limit for one command-line argument (MAX_ARG_STRLEN). */
export const MAX_SET_CHARS = 128 * 1024;

/** Deepest nesting of maps and lists in a values file or a --set-json value; the schema's deepest path is about 15. */
export const MAX_DEPTH = 64;

/** Longest diagnostic message or hint; the rest is cut with a note of how much. */
export const MAX_MESSAGE_CHARS = 500;

/** How deeply `v` nests maps and lists (a scalar is 0), counted without recursion, stopping past `limit`. */
export function depthOf(v: unknown, limit = MAX_DEPTH): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[v, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== 'object') continue;
    if (depth + 1 > max) max = depth + 1;
    if (max > limit) return max;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return max;
}

/** A size in the units people read: `5 MiB`, `128 KiB`, `300 bytes`. */
export const bytes = (n: number): string =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
