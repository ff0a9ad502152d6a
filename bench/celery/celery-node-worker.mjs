// The celery-node (npm, 0.5.9) side of bench/celery.bench.mjs: the same no-op task on queue `bench`,
// with celery-node's own API and defaults (it logs every task it receives and finishes).
import { createWorker } from 'celery-node';

const worker = createWorker(process.env.CELERY_BROKER, process.env.CELERY_BACKEND, 'bench');
worker.register('noop', () => null);
void worker.start();
await worker.isReady();
console.log('celery-node ready');
