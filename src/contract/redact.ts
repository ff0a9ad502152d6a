// What review output and diagnostics never print: passwords in URLs and query strings, the values
// of variables whose name says they are secret, and values that look like keys or tokens.
import { visibleLine } from './visible.js';

/** The mask every masked value shows. */
export const MASK = '***';

// scheme://user:password@host: the password may hold `/` and `@`; the last `@` before the host (the
// last in its run of non-space characters) ends it. Scanned, not matched with a backtracking
// regex: a 128 KiB value without `://` took 40 s through the old pattern.
function maskUserinfo(token: string): string {
  const at = token.lastIndexOf('@');
  for (let sep = token.indexOf('://'); sep >= 0 && sep < at; sep = token.indexOf('://', sep + 3)) {
    let start = sep;
    while (start > 0 && /[a-z0-9+.-]/i.test(token[start - 1] as string)) start--;
    let end = sep + 3; // the user name ends at the first `:`, `@` or `/`
    while (end < token.length && !':@/'.includes(token[end] as string)) end++;
    if (/^[a-z]/i.test(token[start] ?? '') && start < sep && token[end] === ':' && at > end)
      return `${token.slice(0, end + 1)}${MASK}${token.slice(at)}`;
  }
  return token;
}
// ?password=... &token=...: the parameter's value up to the next `&`, `#` or space.
const SECRET_PARAM = /([?&;](?:password|passwd|pass|pwd|secret|token|access_token|auth_token|api_key|apikey|key|client_secret)=)[^&#\s]*/gi;

/** A string with every URL password and secret query parameter masked (`redis://:***@host`, `?password=***`). */
export const redact = (s: string): string => s.replace(/\S+/g, maskUserinfo).replace(SECRET_PARAM, `$1${MASK}`);

// The words of a variable name that say its value is a secret: DB_PASSWORD, apiKey, AWS_SECRET_ACCESS_KEY.
const SECRET_WORDS = new Set([
  'secret',
  'secrets',
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'token',
  'tokens',
  'key',
  'apikey',
  'credential',
  'credentials',
  'private',
]);

/** Does a variable's name say its value is a secret? Words split at `_`, `-`, `.` and camelCase humps. */
export const isSecretName = (name: string): boolean =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_\-.]+/)
    .some((w) => SECRET_WORDS.has(w));

/** A value that is a secret whatever its name: a PEM block, a JWT, a well-known token prefix, a long random-looking (high-entropy) string. */
export function looksSecret(s: string): boolean {
  const t = s.trim();
  return (
    /-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE|KEY)-----/.test(t) ||
    /^eyJ[\w-]{8,}\.[\w-]{8,}\./.test(t) ||
    /^(gh[pousr]_|github_pat_|xox[abpr]-|sk-|AKIA[0-9A-Z]{12})/.test(t) ||
    (/^[A-Za-z0-9+/=_-]{32,}$/.test(t) && /\d/.test(t) && /[A-Za-z]/.test(t) && entropy(t) >= 4.4)
  );
}

// Bits per character: random base64 has about 5 at this length, names written by people about 4.
function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  return -[...counts.values()].reduce((sum, n) => sum + (n / s.length) * Math.log2(n / s.length), 0);
}

/** An env-style `{name, value}` value as printed: masked whole when the name or the value says secret. */
export const redactEnvValue = (name: string, value: string): string => (isSecretName(name) || looksSecret(value) ? MASK : redact(value));

/** Longest value a diagnostic echoes; a longer one is cut with an ellipsis. */
export const ECHO_MAX = 60;

/** A Kubernetes name (DNS-1123 subdomain, 253 at most): what NAME_TOO_LONG and its kin are about, so never cut. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** A value as a message may quote it: one line, at most ECHO_MAX characters (a Kubernetes name whole), never a secret. */
export function echo(s: string, max = ECHO_MAX): string {
  if (K8S_NAME.test(s)) return s;
  if (looksSecret(s)) return `${MASK} (${s.length} characters, not shown)`;
  const r = redact(s);
  const first = visibleLine(r.split(/\r?\n/)[0] ?? '');
  const shown = first.length > max ? first.slice(0, max - 1) : first;
  return shown !== first || /\r?\n/.test(r) ? `${shown}…` : shown;
}
