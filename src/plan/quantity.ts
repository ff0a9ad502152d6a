// Kubernetes resource quantities as numbers, so requests can be compared with limits.
import { QUANTITY } from '../values/shape/k8s.js';

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
// The values schema's pattern, so that what validates is what parses: groups 1 the number, 3 the
// suffix or the exponent (`E` alone is exa, `E3` an exponent).
const RE = new RegExp(QUANTITY);
const EXPONENT = /^[eE][-+]?\d+$/;

/** The quantity's value in base units, or undefined if it is not a quantity. */
export function parseQuantity(q: string | number): number | undefined {
  if (typeof q === 'number') return q >= 0 ? q : undefined;
  const m = RE.exec(q);
  if (!m) return undefined;
  const base = Number(m[1]);
  const suffix = m[3] ?? '';
  if (EXPONENT.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  return base * (SUFFIX[suffix] as number);
}
