// Worker profiles in the brief's worker-profiles.yaml shape: `profiles.<name>.{tasks, queues,
// concurrency, resources}`. The worker uses tasks, queues and concurrency; every other key (resources,
// nodeSelector, ...) belongs to tb-gen and is ignored here, so one file serves both.

import { parse } from 'yaml';
import { flagSpec } from '../contract/args.js';
import { isMap } from '../contract/shapes.js';

// The same bounds as --concurrency, so a profile cannot set what the flag would refuse.
const CONCURRENCY = flagSpec('concurrency') as { min: number; max: number };

/** The part of a profile the worker acts on. */
export interface Profile {
  tasks?: string[];
  queues?: string[];
  concurrency?: number;
}

/** Parsed profiles or every problem found, each prefixed with the file name. */
export type ProfilesResult = { ok: true; profiles: Record<string, Profile> } | { ok: false; errors: string[] };

/** Parse a profiles document (a values file with inline `profiles:` works too). */
export function parseProfiles(text: string, file: string): ProfilesResult {
  let doc: unknown;
  try {
    // YAML 1.1, as tb-gen and Helm read the same file: an unquoted `on` is a boolean there too.
    doc = parse(text, { uniqueKeys: true, version: '1.1', merge: true });
  } catch (err) {
    return { ok: false, errors: [`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`] };
  }
  const root = isMap(doc) ? doc.profiles : undefined;
  if (!isMap(root)) return { ok: false, errors: [`${file}: expected a top-level 'profiles:' map`] };
  const errors: string[] = [];
  const profiles: Record<string, Profile> = {};
  for (const [name, raw] of Object.entries(root)) {
    const where = `${file}: profiles.${name}`;
    if (!isMap(raw)) {
      errors.push(`${where}: expected a map`);
      continue;
    }
    const profile: Profile = {};
    for (const [key, value] of Object.entries(raw)) {
      if (key === 'tasks' || key === 'queues') {
        if (isNameList(value)) profile[key] = value;
        else
          errors.push(
            `${where}.${key}: expected a non-empty list of names${hasBoolean(value) ? " (quote names such as 'on', 'y' or 'no': YAML 1.1 reads them as booleans)" : ''}`,
          );
      } else if (key === 'concurrency') {
        if (Number.isInteger(value) && (value as number) >= CONCURRENCY.min && (value as number) <= CONCURRENCY.max)
          profile.concurrency = value as number;
        else errors.push(`${where}.concurrency: expected a whole number from ${CONCURRENCY.min} to ${CONCURRENCY.max}`);
      }
    }
    Object.defineProperty(profiles, name, { value: profile, enumerable: true, writable: true, configurable: true });
  }
  return errors.length ? { ok: false, errors } : { ok: true, profiles };
}

function isNameList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string' && s.length > 0);
}

const hasBoolean = (v: unknown): boolean => Array.isArray(v) && v.some((x) => typeof x === 'boolean');
