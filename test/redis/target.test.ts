// resolveRedisTarget (src/contract/redis.ts): the environment -> one Redis description, or the
// errors that name the variable and the fix. Expectations written out by hand.
import { describe, expect, it } from 'vitest';
import { describeTarget, printableTarget, resolveRedisTarget } from '../../src/contract/redis.js';

const ok = (env: Record<string, string>) => {
  const r = resolveRedisTarget(env);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.value;
};
const errors = (env: Record<string, string>) => {
  const r = resolveRedisTarget(env);
  return r.ok ? [] : r.errors;
};

describe('resolveRedisTarget', () => {
  it.each([
    ['default', {}, { mode: 'standalone', url: 'redis://127.0.0.1:6379', db: 0 }],
    ['ACL user and database', { TASK_BACKEND_BROKER_URL: 'redis://jobs:p%40ss@r:6380/3' }, { username: 'jobs', password: 'p@ss', db: 3 }],
    [
      'TLS with a CA',
      { TASK_BACKEND_BROKER_URL: 'rediss://r', TASK_BACKEND_REDIS_CA: '/ca.crt' },
      { tls: { caFile: '/ca.crt', insecureSkipVerify: false } },
    ],
    ['TLS without a CA: system CAs', { TASK_BACKEND_BROKER_URL: 'rediss://r' }, { tls: { insecureSkipVerify: false } }],
    [
      'sentinel',
      { TASK_BACKEND_REDIS_MODE: 'sentinel', TASK_BACKEND_REDIS_SENTINELS: 's1:26379, s2', TASK_BACKEND_REDIS_SENTINEL_MASTER: 'm' },
      {
        mode: 'sentinel',
        sentinels: [
          { host: 's1', port: 26379 },
          { host: 's2', port: 26379 },
        ],
        sentinelMaster: 'm',
      },
    ],
    [
      'cluster from the URL',
      { TASK_BACKEND_REDIS_MODE: 'cluster', TASK_BACKEND_BROKER_URL: 'redis://c:7000' },
      { nodes: [{ host: 'c', port: 7000 }] },
    ],
  ])('%s', (_l, env, want) => {
    expect(ok(env)).toMatchObject(want);
  });

  it.each([
    ['unknown mode', { TASK_BACKEND_REDIS_MODE: 'ring' }, /TASK_BACKEND_REDIS_MODE=ring: expected one of standalone, sentinel, cluster/],
    ['CA on redis://', { TASK_BACKEND_REDIS_CA: '/ca' }, /TASK_BACKEND_REDIS_CA set, but .* is not TLS: use rediss:\/\//],
    [
      'cert without key',
      { TASK_BACKEND_BROKER_URL: 'rediss://r', TASK_BACKEND_REDIS_CERT: '/c' },
      /needs both TASK_BACKEND_REDIS_CERT and TASK_BACKEND_REDIS_KEY/,
    ],
    [
      'sentinel without sentinels',
      { TASK_BACKEND_REDIS_MODE: 'sentinel', TASK_BACKEND_REDIS_SENTINEL_MASTER: 'm' },
      /needs TASK_BACKEND_REDIS_SENTINELS=/,
    ],
    [
      'sentinel without master',
      { TASK_BACKEND_REDIS_MODE: 'sentinel', TASK_BACKEND_REDIS_SENTINELS: 's:1' },
      /needs TASK_BACKEND_REDIS_SENTINEL_MASTER/,
    ],
    [
      'a bad sentinel address',
      { TASK_BACKEND_REDIS_MODE: 'sentinel', TASK_BACKEND_REDIS_SENTINELS: 's:99999', TASK_BACKEND_REDIS_SENTINEL_MASTER: 'm' },
      /port 99999 is outside/,
    ],
    [
      'cluster with a database',
      { TASK_BACKEND_REDIS_MODE: 'cluster', TASK_BACKEND_BROKER_URL: 'redis://c/2' },
      /only database 0.*drop the \/2/,
    ],
    [
      'insecure not a boolean',
      { TASK_BACKEND_BROKER_URL: 'rediss://r', TASK_BACKEND_REDIS_INSECURE_SKIP_VERIFY: 'yes' },
      /expected true or false/,
    ],
  ])('refuses %s', (_l, env, message) => {
    expect(errors(env).join('\n')).toMatch(message);
  });

  it('prints no password', () => {
    const t = ok({
      TASK_BACKEND_BROKER_URL: 'redis://u:secret@r',
      TASK_BACKEND_REDIS_MODE: 'sentinel',
      TASK_BACKEND_REDIS_SENTINELS: 's',
      TASK_BACKEND_REDIS_SENTINEL_MASTER: 'm',
      TASK_BACKEND_REDIS_SENTINEL_PASSWORD: 'sp',
    });
    expect(JSON.stringify(printableTarget(t))).not.toMatch(/secret|"sp"/);
    expect(describeTarget(t)).toBe("sentinel master 'm' via s:26379 (redis://u:***@r)");
  });
});
