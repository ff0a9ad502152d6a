// Golden cases: test/fixtures/<case>/ (values.yaml, optional profiles.yaml and args) and every
// values file under examples/ (rendered as its `# Render: tb-gen render ...` comment says). A
// fixture with a `refused` file instead of expected/ is a refused case: `tb-gen validate` exits 1
// with exactly that output (the brief's verbatim values, which name no code to run).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
export const FIXTURES = join(ROOT, 'test/fixtures');
export const EXAMPLES = join(ROOT, 'examples');

/** One golden case: the CLI arguments that render it (paths relative to cwd) and its expected dir. */
export interface GoldenCase {
  name: string;
  cwd: string;
  argv: string[];
  expected: string;
}

/** Every golden case, fixtures first, in name order. */
export function goldenCases(): GoldenCase[] {
  const own = readdirSync(FIXTURES)
    .filter((d) => existsSync(join(FIXTURES, d, 'values.yaml')) && !existsSync(join(FIXTURES, d, REFUSED)))
    .sort()
    .map(fixtureCase);
  return [...own, ...exampleValueFiles().map(exampleCase)];
}

/** The file of a refused case: what `tb-gen validate` prints (stderr) and exits 1 with. */
export const REFUSED = 'refused';

/** Every refused case (a fixture with a `refused` file), in name order; `expected` is that file. */
export function refusedCases(): GoldenCase[] {
  return readdirSync(FIXTURES)
    .filter((d) => existsSync(join(FIXTURES, d, REFUSED)))
    .sort()
    .map((d) => ({ ...fixtureCase(d), expected: join(FIXTURES, d, REFUSED) }));
}

function fixtureCase(name: string): GoldenCase {
  const dir = join(FIXTURES, name);
  const argv = ['-f', 'values.yaml'];
  if (existsSync(join(dir, 'profiles.yaml'))) argv.push('--profiles', 'profiles.yaml');
  if (existsSync(join(dir, 'args'))) argv.push(...splitArgs(readFileSync(join(dir, 'args'), 'utf8')));
  return { name, cwd: dir, argv, expected: join(dir, 'expected') };
}

/** examples/*.yaml that are values files: everything but a file holding only `profiles:`. */
export function exampleValueFiles(): string[] {
  return readdirSync(EXAMPLES)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .filter((f) => {
      const data = parse(readFileSync(join(EXAMPLES, f), 'utf8'), { version: '1.1' }) as Record<string, unknown> | null;
      return !(data && Object.keys(data).length === 1 && 'profiles' in data);
    });
}

function exampleCase(file: string): GoldenCase {
  const text = readFileSync(join(EXAMPLES, file), 'utf8');
  const how = /^# Render: tb-gen render (.*)$/m.exec(text);
  const argv = how ? splitArgs(how[1] as string) : ['-f', `examples/${file}`];
  if (!argv.includes(`examples/${file}`)) throw new Error(`examples/${file}: its "# Render:" line does not render it`);
  return {
    name: `examples-${file.replace(/\.yaml$/, '')}`,
    cwd: ROOT,
    argv,
    expected: join(FIXTURES, `examples-${file.replace(/\.yaml$/, '')}`, 'expected'),
  };
}

const splitArgs = (s: string): string[] => s.trim().split(/\s+/).filter(Boolean);

export const rel = (p: string): string => relative(ROOT, p);
