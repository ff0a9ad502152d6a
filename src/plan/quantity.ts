// Kubernetes resource quantities as numbers, so requests can be compared with limits.

const SUFFIX: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const RE = /^(\d+(?:\.\d*)?|\.\d+)(?:([eE][-+]?\d+)|([KMGTPE]i|[numkMGTPE]))?$/;

/** The quantity's value in base units, or undefined if it is not a quantity. */
export function parseQuantity(q: string | number): number | undefined {
  if (typeof q === 'number') return q >= 0 ? q : undefined;
  const m = RE.exec(q);
  if (!m) return undefined;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * (SUFFIX[m[3] ?? ''] as number);
}
