// The example app: its routing table is examples/app/tasks.yaml, every task accepts the empty
// payload the end-to-end test sends, and each handler does its small real job.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { extractCsv, summarizeSeries, validateRecord } from '../../examples/app/data.js';
import { extractText, transformText, validateFile } from '../../examples/app/files.js';
import { infer, kMeans, trainLinear } from '../../examples/app/ml.js';
import { processApiRequest, renderNotification, sendWebhook } from '../../examples/app/api.js';
import { processBatch } from '../../examples/app/routing.js';
import '../../examples/app/index.js';
import { getTask, listTasks, routingTable } from '../../src/producer/registry.js';
import { ROOT } from '../helpers/worker.js';

const ctx = () => ({ signal: new AbortController().signal }) as never;

describe('example app routing', () => {
  it("registers the brief's sixteen tasks exactly as tasks.yaml routes them", () => {
    const table = parse(readFileSync(`${ROOT}/examples/app/tasks.yaml`, 'utf8'));
    expect(routingTable()).toEqual(table);
    expect(listTasks()).toHaveLength(16);
  });

  it('every handler accepts an empty payload', async () => {
    expect(listTasks()).toHaveLength(16);
    for (const t of listTasks()) {
      await expect(
        Promise.resolve(
          t.handler({}, { job: {} as never, id: 'test', args: [], signal: new AbortController().signal, task: t.name, queue: t.queue }),
        ),
        t.name,
      ).resolves.toBeDefined();
    }
  });
});

describe('example handlers', () => {
  const cases: Array<[string, () => unknown, unknown]> = [
    ['file_extract counts', () => extractText({ content: 'a b\nc' }), expect.objectContaining({ lines: 2, words: 3, bytes: 5 })],
    [
      'file_transform ops in order',
      () => transformText({ content: ' b\na\nb', ops: ['trim', 'dedupe', 'sort', 'upper'] }),
      { content: 'A\nB', ops: ['trim', 'dedupe', 'sort', 'upper'] },
    ],
    [
      'file_validate checksum mismatch',
      () => validateFile({ content: 'x', sha256: '00' }),
      { valid: false, problems: ['checksum mismatch'] },
    ],
    ['file_validate ok', () => validateFile({ content: 'x', sha256: extractText({ content: 'x' }).sha256 }), { valid: true, problems: [] }],
    [
      'data_validation',
      () => validateRecord({ record: { email: 'nope', n: 'x' }, rules: { email: ['required', 'email'], n: ['number'] } }),
      { valid: false, errors: ['email: fails email', 'n: fails number'] },
    ],
    [
      'extract_data csv',
      () => extractCsv({ csv: 'a,b\n1,2\n3\n' }),
      {
        columns: ['a', 'b'],
        records: [
          { a: '1', b: '2' },
          { a: '3', b: '' },
        ],
      },
    ],
    [
      'api_process canonical digest',
      () =>
        processApiRequest({ method: 'post', query: { b: '1', a: '2' } }).digest ===
        processApiRequest({ method: 'POST', query: { a: '2', b: '1' } }).digest,
      true,
    ],
    [
      'notification_send renders',
      () => renderNotification({ to: 'a@b.c', template: 'Hi {{n}}', vars: { n: 'Ann' } }),
      { to: 'a@b.c', message: 'Hi Ann' },
    ],
    ['model_inference', () => infer({ weights: { a: 2, b: 1 }, inputs: [0, 3] }), { outputs: [1, 7] }],
    ['batch_task counts non-numbers as rejected', () => processBatch({ items: [1, 'x', 2] }), { count: 2, rejected: 1, sum: 3 }],
  ];
  it.each(cases)('%s', (_l, run, expected) => {
    expect(run()).toEqual(expected);
  });

  it('ml_training fits y = 2x + 1', () => {
    const { weights } = trainLinear({}, ctx());
    expect(weights.a).toBeCloseTo(2, 2);
    expect(weights.b).toBeCloseTo(1, 2);
  });

  it('heavy_ml_tasks separates two clusters', () => {
    const { labels } = kMeans({
      points: [
        [0, 0],
        [10, 10],
        [0, 1],
        [11, 10],
      ],
      k: 2,
    });
    expect(labels).toEqual([0, 1, 0, 1]);
  });

  it('large_data_processing summarizes in chunks and honours abort', async () => {
    const r = await summarizeSeries({ n: 20_000, chunk: 5_000 }, ctx());
    expect(r.count).toBe(20_000);
    expect(r.mean).toBeGreaterThan(0.45);
    expect(r.mean).toBeLessThan(0.55);
    const ac = new AbortController();
    ac.abort(new Error('shutdown'));
    await expect(summarizeSeries({ n: 10 }, { signal: ac.signal })).rejects.toThrow('shutdown');
  });

  it('errors are errors, not empty results', () => {
    expect(() => transformText({ ops: ['reverse'] })).toThrow(/unknown op 'reverse'/);
    expect(() => renderNotification({ template: '{{missing}}', vars: {} })).toThrow(/missing variable 'missing'/);
    expect(getTask('urgent_task')?.queue).toBe('high_priority');
  });

  it('webhook_send posts a signed body', async () => {
    let got: { body: string; sig: string | undefined } | undefined;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        got = { body, sig: req.headers['x-signature'] as string };
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const r = await sendWebhook({ url: `http://127.0.0.1:${port}/hook`, event: 'done', payload: { id: 1 }, secret: 's' }, ctx());
      expect(r).toMatchObject({ delivered: true, status: 204 });
      expect(got?.body).toBe('{"event":"done","payload":{"id":1}}');
      expect(got?.sig).toBe(`sha256=${createHmac('sha256', 's').update(got!.body).digest('hex')}`);
    } finally {
      server.close();
    }
  });
});
