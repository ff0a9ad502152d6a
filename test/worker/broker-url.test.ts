// The one broker URL contract (src/contract/broker.ts) that the worker, the producers and
// task-backend-enqueue share: which URLs are accepted, and how they are printed.
import { describe, expect, it } from 'vitest';
import { brokerUrlProblem, redact } from '../../src/contract/broker.js';
import { connectRedis } from '../../src/worker/connection.js';
import { resolveBase } from '../../src/worker/config.js';

describe('broker URLs', () => {
  const accepted = [
    'redis://127.0.0.1:6379',
    'redis://127.0.0.1:6379/',
    'redis://redis:6379/0',
    'redis://h/15',
    'rediss://user:pw@cache.example.com:6380/2',
    'redis://:pw@h',
    'redis://[::1]:6379',
  ];
  it.each(accepted)('accepts %s, as the worker does', (url) => {
    expect(brokerUrlProblem(url)).toBeUndefined();
    expect(resolveBase({}, { TASK_BACKEND_APP: 'a.js', TASK_BACKEND_BROKER_URL: url }, 'h').ok).toBe(true);
  });

  const refused: Array<[string, RegExp]> = [
    ['http://127.0.0.1:6379', /expected a redis:\/\/ or rediss:\/\/ URL, got 'http:\/\/127.0.0.1:6379' \(scheme http\)/],
    ['https://u:hunter2@h', /got 'https:\/\/u:\*\*\*@h' \(scheme https\)/],
    ['127.0.0.1:6379', /expected a redis:\/\/ or rediss:\/\/ URL/],
    ['redis-host', /expected a redis:\/\/ or rediss:\/\/ URL, got 'redis-host'/],
    ['redis:///0', /expected a host in 'redis:\/\/\/0'/],
    ['redis://h:6379/queue', /the path is the database number, as in redis:\/\/HOST:6379\/0, not '\/queue'/],
    ['unix:///tmp/redis.sock', /scheme unix/],
  ];
  it.each(refused)('refuses %s, naming the form it wants, the worker and the producers alike', (url, message) => {
    expect(brokerUrlProblem(url)).toMatch(message);
    const r = resolveBase({}, { TASK_BACKEND_APP: 'a.js', TASK_BACKEND_BROKER_URL: url }, 'h');
    expect(r.ok ? [] : r.errors).toEqual([`TASK_BACKEND_BROKER_URL: ${brokerUrlProblem(url)}`]);
  });

  it('the connection refuses them too, before opening anything', () => {
    for (const [url] of refused)
      expect(() => connectRedis(url, () => undefined, 'test')).toThrow(brokerUrlProblem(url) ?? 'no problem found');
  });

  const shown: Array<[string, string]> = [
    ['redis://user:secret@h:6379/0', 'redis://user:***@h:6379/0'],
    ['redis://:secret@h', 'redis://:***@h'],
    ['redis://h:6379', 'redis://h:6379'],
    ['redis://127.0.0.1:6379', 'redis://127.0.0.1:6379'], // as given: no '/0' added
    ['rediss://u:p@ss/w@h:6380/1', 'rediss://u:***@h:6380/1'], // a password with '@' and '/'
    ['redis://h:6379/0?password=secret&db=1', 'redis://h:6379/0?password=***&db=1'],
    ['http://u:secret@h', 'http://u:***@h'],
    ['not a url', 'not a url'],
  ];
  it.each(shown)('prints %s as %s', (url, printed) => {
    expect(redact(url)).toBe(printed);
  });
});
