// Stage 5: the one place objects become YAML. Options are pinned so output is byte-stable.
import { stringify } from 'yaml';

const OPTIONS = {
  // YAML 1.1 so strings such as "yes" or "on" are quoted for kubectl's and Helm's YAML 1.1 readers.
  version: '1.1',
  lineWidth: 0,
  minContentWidth: 0,
  aliasDuplicateObjects: false,
  indentSeq: true,
  sortMapEntries: false,
} as const;

/** One object as a YAML document body. */
export const toYaml = (object: unknown): string => stringify(object, OPTIONS);

/** Several objects as one multi-document stream, each document opened by `---`. */
export const toYamlStream = (objects: readonly unknown[]): string => objects.map((o) => `---\n${toYaml(o)}`).join('');
