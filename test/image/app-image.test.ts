// README "Container image" promises that an application builds its own image on task-backend:<tag>
// by copying its compiled tasks in and setting TASK_BACKEND_APP. This builds that recipe
// (test/image/fixtures/app) and checks the worker in it registers the app's tasks, not the example's.

import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/worker.js';
import { ensureImage, IMAGE, podman, RESTRICTED } from './podman.js';

const APP_IMAGE = 'localhost/task-backend-test-app:latest';

describe('an application image built FROM the task-backend image', () => {
  beforeAll(async () => {
    await ensureImage();
    await podman(['build', '--network=none', '--build-arg', `BASE=${IMAGE}`, '-t', APP_IMAGE, resolve(ROOT, 'test/image/fixtures/app')], {
      timeoutMs: 120_000,
    });
  }, 600_000);

  afterAll(() => podman(['rmi', '-f', APP_IMAGE], { allowFail: true }));

  it('imports task-backend-workers by name and registers only its own tasks', async () => {
    const r = await podman(['run', '--rm', ...RESTRICTED, APP_IMAGE, '--list-tasks', '--json']);
    expect(JSON.parse(r.stdout)).toEqual([{ name: 'greet', queue: 'greetings' }]);
  });

  it("keeps the base image's user, entrypoint and working directory", async () => {
    const config = JSON.parse((await podman(['image', 'inspect', '--format', '{{json .Config}}', APP_IMAGE])).stdout);
    expect(config).toMatchObject({ User: '1000:1000', Entrypoint: ['task-backend-worker'], WorkingDir: '/app' });
    expect(config.Env).toContain('TASK_BACKEND_APP=dist/app/tasks.js');
  });
});
