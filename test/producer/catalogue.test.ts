// The routing catalogue as a producer reads it: the app's bare `task: {queue}` table, or a values
// file's `tasks:` map, told apart by the values file's own keys; a values file without a catalogue
// is an error that says where to get one, never a table whose "tasks" are `workers` and `taskConfig`.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { catalogueFrom } from '../../src/producer/catalogue.js';

const read = (text: string) => catalogueFrom(parse(text, { version: '1.1' }), 'f.yaml');
const NO_CATALOGUE = (key: string) =>
  `f.yaml: a values file (it has ${key}:) with no tasks: catalogue to route by: add the app's catalogue ` +
  `(task-backend-worker --list-tasks --values prints it) or pass a task: {queue} file such as examples/app/tasks.yaml`;

describe('catalogue files', () => {
  const routed: Array<[string, string, Record<string, string>]> = [
    ['a bare table', 'a: { queue: q }\nb:\nc: {}\n', { a: 'q', b: 'b', c: 'c' }],
    ['a values file', 'workers: { w: { tasks: [a] } }\ntasks:\n  a: { queue: q }\n  b:\n', { a: 'q', b: 'b' }],
    ['a tasks: document (--list-tasks --values)', 'tasks:\n  a: { queue: q }\n', { a: 'q' }],
    ['a bare table with a task named tasks', 'tasks: { queue: q }\nother: { queue: r }\n', { tasks: 'q', other: 'r' }],
    ['a bare table with a task named workers', 'workers: { queue: w }\n', { workers: 'w' }],
    ['a task named workers with no queue', 'workers:\na: { queue: q }\n', { workers: 'workers', a: 'q' }],
    ['a values file with taskConfig and tasks', 'taskConfig: { backend_type: bullmq }\ntasks: { a: { queue: q } }\n', { a: 'q' }],
    ['YAML 1.1 names quoted', 'tasks:\n  "on": { queue: switches }\n', { on: 'switches' }],
  ];
  it.each(routed)('%s', (_l, text, catalogue) => {
    expect(read(text)).toEqual({ ok: true, catalogue });
  });

  const refused: Array<[string, string, string[]]> = [
    ['a values file without tasks:', 'workers:\n  api: { tasks: [api_process] }\n', [NO_CATALOGUE('workers')]],
    ['taskConfig and workers, no tasks:', 'taskConfig: { backend_type: bullmq }\nworkers: { api: {} }\n', [NO_CATALOGUE('workers')]],
    ['only taskConfig', 'taskConfig: { app: a.js }\n', [NO_CATALOGUE('taskConfig')]],
    [
      'a values file whose tasks: is a list',
      'workers: { api: {} }\ntasks: [a, b]\n',
      [NO_CATALOGUE('workers').replace('with no tasks: catalogue', 'with a tasks: that is not a map of task: {queue: ...}')],
    ],
    ['a values file with an empty tasks:', 'workers: { api: {} }\ntasks: {}\n', ['f.yaml: tasks: lists no task to route']],
    ['an empty table', '{}\n', ['f.yaml: lists no task to route']],
    ['a list', '- a\n', ['f.yaml: expected a map of task: {queue: ...}, or a values file with tasks:']],
    ['an entry that is not a map', 'workers: {}\ntasks:\n  a: [q]\n', ['f.yaml: tasks.a: expected {queue: NAME}']],
  ];
  it.each(refused)('refuses %s', (_l, text, errors) => {
    expect(read(text)).toEqual({ ok: false, errors });
  });
});
