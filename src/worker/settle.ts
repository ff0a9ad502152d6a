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

/** A short, single-line description of anything thrown. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}
