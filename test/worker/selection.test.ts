// Filters and routing over the example app: the brief's deployments, values workers, profiles and
// queue examples each select exactly the intended tasks and queues; mistakes are named.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  describeProblem,
  select,
  selectionWarnings,
  type Filters,
  type FilterSources,
  type TaskRoute,
} from '../../src/contract/selection.js';
import { clearRegistry, listTasks } from '../../src/producer/registry.js';

let routes: TaskRoute[] = [];
beforeAll(async () => {
  clearRegistry();
  await import('../../examples/app/index.js');
  routes = listTasks().map((t) => ({ name: t.name, queue: t.queue }));
});

const names = (rs: TaskRoute[]) => rs.map((r) => r.name).sort();
const errorsOf = (f: Filters, sources?: FilterSources) => select(routes, f).problems.map((p) => describeProblem(p, routes, f, sources));

describe('selection over the example app', () => {
  const cases: Array<[string, Filters, string[], string[], string[]]> = [
    // label, filters, served, consumed queues, refused-but-routed-here
    [
      'brief deployment file-processing',
      { tasks: ['file_extract', 'file_transform'] },
      ['file_extract', 'file_transform'],
      ['file_queue'],
      [],
    ],
    [
      'brief deployment api',
      { tasks: ['api_process', 'webhook_send'] },
      ['api_process', 'webhook_send'],
      ['api_process', 'webhook_send'],
      [],
    ],
    [
      'brief deployment ml',
      { tasks: ['ml_training', 'model_inference'] },
      ['ml_training', 'model_inference'],
      ['ml_queue', 'model_inference'],
      ['large_data_processing'],
    ],
    [
      'values file-processing',
      { tasks: ['file_extract', 'file_transform', 'file_validate'] },
      ['file_extract', 'file_transform', 'file_validate'],
      ['file_queue', 'file_validate'],
      [],
    ],
    [
      'values api-tasks',
      { tasks: ['api_process', 'webhook_send', 'notification_send'] },
      ['api_process', 'notification_send', 'webhook_send'],
      ['api_process', 'notification_send', 'webhook_send'],
      [],
    ],
    [
      'profile high-memory',
      { tasks: ['ml_training', 'large_data_processing'], queues: ['ml_queue'] },
      ['large_data_processing', 'ml_training'],
      ['ml_queue'],
      [],
    ],
    [
      'profile lightweight',
      { tasks: ['api_tasks', 'notifications'], queues: ['api_queue', 'notification_queue'] },
      ['api_tasks', 'notifications'],
      ['api_queue', 'notification_queue'],
      [],
    ],
    [
      'profile file-processing',
      { tasks: ['file_extract', 'file_transform'], queues: ['file_queue'] },
      ['file_extract', 'file_transform'],
      ['file_queue'],
      [],
    ],
    [
      '--queues=file_processing,data_validation',
      { queues: ['file_processing', 'data_validation'] },
      ['data_validation', 'extract_data'],
      ['file_processing', 'data_validation'],
      [],
    ],
    ['--queues=high_priority', { queues: ['high_priority'] }, ['urgent_task'], ['high_priority'], []],
    ['--queues=batch_processing', { queues: ['batch_processing'] }, ['batch_task'], ['batch_processing'], []],
    ['--tasks=api_tasks', { tasks: ['api_tasks'] }, ['api_tasks'], ['api_queue'], []],
    [
      '--tasks=file_extract --queues=file_queue',
      { tasks: ['file_extract'], queues: ['file_queue'] },
      ['file_extract'],
      ['file_queue'],
      ['file_transform'],
    ],
    [
      '--exclude-queues=ml_queue',
      { excludeQueues: ['ml_queue'] },
      [
        'api_process',
        'api_tasks',
        'batch_task',
        'data_validation',
        'extract_data',
        'file_extract',
        'file_transform',
        'file_validate',
        'heavy_ml_tasks',
        'model_inference',
        'notification_send',
        'notifications',
        'urgent_task',
        'webhook_send',
      ],
      [
        'api_process',
        'api_queue',
        'batch_processing',
        'data_validation',
        'file_processing',
        'file_queue',
        'file_validate',
        'heavy_ml',
        'model_inference',
        'notification_send',
        'notification_queue',
        'high_priority',
        'webhook_send',
      ],
      [],
    ],
  ];
  it.each(cases)('%s', (_label, filters, served, queues, refused) => {
    const sel = select(routes, filters);
    expect(sel.problems).toEqual([]);
    expect(names(sel.served)).toEqual(served);
    expect([...sel.queues].sort()).toEqual([...queues].sort());
    expect(names(sel.rejected)).toEqual(refused);
    expect(selectionWarnings(sel).length > 0).toBe(refused.length > 0);
  });

  it('--exclude-tasks=heavy_ml_tasks serves the other fifteen and never consumes heavy_ml', () => {
    const sel = select(routes, { excludeTasks: ['heavy_ml_tasks'] });
    expect(sel.served).toHaveLength(15);
    expect(sel.queues).not.toContain('heavy_ml');
    expect(sel.rejected).toEqual([]);
  });

  it('no filters serves every task on every queue', () => {
    const sel = select(routes, {});
    expect(names(sel.served)).toEqual(names(routes));
    expect(sel.queues.sort()).toEqual([...new Set(routes.map((r) => r.queue))].sort());
  });
});

describe('selection errors and warnings', () => {
  const errors: Array<[string, Filters, RegExp]> = [
    [
      'a queue named as a task',
      { tasks: ['file_processing', 'data_validation'] },
      /unknown task 'file_processing' in --tasks \('file_processing' is a queue; did you mean --queues\?\); known tasks: api_process,/,
    ],
    [
      'unknown queues',
      { tasks: ['api_tasks'], queues: ['api_high_priority'] },
      /unknown queue 'api_high_priority' in --queues; known queues: .*api_queue/,
    ],
    [
      'a queue named in --exclude-tasks points at --exclude-queues, not --queues',
      { excludeTasks: ['heavy_ml'] },
      /^unknown task 'heavy_ml' in --exclude-tasks \('heavy_ml' is a queue; did you mean --exclude-queues\?\); known tasks: /,
    ],
    [
      'a task named in --exclude-queues points at --exclude-tasks',
      { excludeQueues: ['heavy_ml_tasks'] },
      /^unknown queue 'heavy_ml_tasks' in --exclude-queues \('heavy_ml_tasks' is a task; did you mean --exclude-tasks\?\); known queues: /,
    ],
    [
      'a task named in --queues points at --tasks',
      { queues: ['urgent_task', 'high_priority'] },
      /^unknown queue 'urgent_task' in --queues \('urgent_task' is a task; did you mean --tasks\?\)/,
    ],
    ['unknown excluded queue', { excludeQueues: ['nope'] }, /unknown queue 'nope' in --exclude-queues; known queues/],
    [
      'a selection that serves nothing',
      { tasks: ['urgent_task'], queues: ['batch_processing'] },
      /serves no task \(--tasks=urgent_task --queues=batch_processing\); routing: .*urgent_task->high_priority/,
    ],
    ['everything excluded', { excludeQueues: ['ml_queue'], tasks: ['ml_training'] }, /serves no task/],
  ];
  it.each(errors)('%s', (_label, filters, message) => {
    expect(errorsOf(filters).join('\n')).toMatch(message);
  });

  it('names the source of a filter that came from a profile', () => {
    expect(errorsOf({ tasks: ['nope'] }, { tasks: "profile 'x' tasks" })[0]).toMatch(/unknown task 'nope' in profile 'x' tasks/);
  });

  it("points a profile's queue-for-a-task at the profile's other key, not at a flag", () => {
    expect(errorsOf({ tasks: ['ml_queue'] }, { tasks: "profile 'x' tasks" })[0]).toMatch(
      /^unknown task 'ml_queue' in profile 'x' tasks \('ml_queue' is a queue; did you mean profile 'x' queues\?\)/,
    );
  });

  it('warns when a listed task is filtered out by the queues', () => {
    const sel = select(routes, { tasks: ['urgent_task', 'batch_task'], queues: ['high_priority'] });
    expect(names(sel.served)).toEqual(['urgent_task']);
    expect(selectionWarnings(sel)).toEqual([`task 'batch_task' from --tasks is not served: its queue 'batch_processing' is filtered out`]);
  });
});
