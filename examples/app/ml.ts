// ML tasks. ml_training shares ml_queue with large_data_processing (the `high-memory` profile's
// queue); model_inference keeps its own queue and heavy_ml_tasks goes to heavy_ml, so a worker
// started with --exclude-tasks=heavy_ml_tasks never consumes a queue carrying jobs it would refuse.

import { registerTask, type TaskContext } from '../../src/worker/index.js';

type Point = [number, number];
const SAMPLE: Point[] = [
  [0, 1],
  [1, 3],
  [2, 5],
  [3, 7],
];

/** Fit y = a*x + b by gradient descent; checks for abort between epochs. */
export function trainLinear(
  { points = SAMPLE, epochs = 2000, lr = 0.05 }: { points?: Point[]; epochs?: number; lr?: number },
  ctx?: Pick<TaskContext, 'signal'>,
) {
  if (points.length === 0) throw new Error('ml_training: no points');
  let a = 0,
    b = 0;
  for (let e = 0; e < epochs; e++) {
    if (e % 256 === 0) ctx?.signal.throwIfAborted();
    let ga = 0,
      gb = 0;
    for (const [x, y] of points) {
      const err = a * x + b - y;
      ga += err * x;
      gb += err;
    }
    a -= (lr * ga) / points.length;
    b -= (lr * gb) / points.length;
  }
  const loss = points.reduce((s, [x, y]) => s + (a * x + b - y) ** 2, 0) / points.length;
  return { weights: { a, b }, loss, epochs };
}

/** Apply trained weights. */
export function infer({ weights = { a: 2, b: 1 }, inputs = [0, 1, 2] }: { weights?: { a: number; b: number }; inputs?: number[] }) {
  return { outputs: inputs.map((x) => weights.a * x + weights.b) };
}

/** k-means on 2-D points with deterministic initial centroids (the first k points). */
export function kMeans({
  points = [...SAMPLE, [10, 10], [11, 12]],
  k = 2,
  iterations = 20,
}: {
  points?: Point[];
  k?: number;
  iterations?: number;
}) {
  if (points.length < k) throw new Error(`heavy_ml_tasks: need at least k=${k} points`);
  let centroids = points.slice(0, k).map((p): Point => [p[0], p[1]]);
  let labels: number[] = [];
  for (let i = 0; i < iterations; i++) {
    labels = points.map((p) => nearest(p, centroids));
    centroids = centroids.map((c, j) => {
      const members = points.filter((_, n) => labels[n] === j);
      if (members.length === 0) return c;
      return [mean(members.map((m) => m[0])), mean(members.map((m) => m[1]))];
    });
  }
  return { centroids, labels };
}

function nearest(p: Point, cs: Point[]): number {
  let best = 0;
  cs.forEach((c, i) => {
    const cb = cs[best] as Point;
    if ((p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 < (p[0] - cb[0]) ** 2 + (p[1] - cb[1]) ** 2) best = i;
  });
  return best;
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

registerTask({ name: 'ml_training', queue: 'ml_queue', handler: trainLinear });
registerTask({ name: 'model_inference', handler: infer });
registerTask({ name: 'heavy_ml_tasks', queue: 'heavy_ml', handler: kMeans });
