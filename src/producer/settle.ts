// Two small helpers with no dependencies, shared by the worker and the producers (whose import
// graph must stay free of the worker runtime: pino, prom-client): bounded waits, one-line errors.

/** Wait for `p` at most `ms`; true if it settled in time. Never rejects. */
export async function within(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      p.then(
        () => true,
        () => true,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short, single-line description of anything thrown; never throws itself (a hostile getter, a Proxy). */
export function errorMessage(err: unknown): string {
  try {
    if (err instanceof Error) return String(err.message).split('\n')[0] ?? err.name;
    return describe(err);
  } catch {
    return 'a thrown value that cannot be read';
  }
}

/** Longest message taken from a thrown value that is not an Error. */
const THROWN_MAX = 1000;

/**
 * What a handler threw, as an Error BullMQ can store: an Error whose message, name and stack read
 * cleanly is kept (its class decides retries: UnrecoverableError, DelayedError); anything else
 * (`throw null`, a string, an object, an Error whose getters throw) becomes a new Error saying what
 * was thrown, so the job fails with that reason instead of staying in `active`.
 */
export function asError(thrown: unknown): Error {
  try {
    if (thrown instanceof Error) {
      const { message, name, stack } = thrown;
      if (typeof message === 'string' && typeof name === 'string' && (stack === undefined || typeof stack === 'string')) return thrown;
    }
  } catch {
    // fall through: the value's own properties cannot be read
  }
  return new Error(errorMessage(thrown));
}

function describe(v: unknown): string {
  if (typeof v === 'string') return v.length > THROWN_MAX ? `${v.slice(0, THROWN_MAX)}…` : v;
  if (v === null || v === undefined) return `the handler threw ${String(v)} instead of an Error`;
  if (typeof v === 'symbol') return `the handler threw ${v.toString()} instead of an Error`;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
    return `the handler threw the ${typeof v} ${String(v)} instead of an Error`;
  const message = (v as { message?: unknown }).message;
  if (typeof message === 'string') return describe(message);
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    json = undefined;
  }
  return `the handler threw ${json === undefined ? Object.prototype.toString.call(v) : describe(json)} instead of an Error`;
}
