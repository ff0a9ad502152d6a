// The Node side of bench/celery.bench.mjs: one no-op task, as fixtures/pyapp.py's `noop`.
import { registerTask } from '../../dist/src/worker/index.js';

registerTask({ name: 'noop', queue: 'bench', handler: () => null });
