// What review output and diagnostics never print: each row is a value as written and as shown.
import { describe, expect, it } from 'vitest';
import { echo, isSecretName, looksSecret, redact, redactEnvValue } from '../../src/contract/redact.js';
import { objectChanges } from '../../src/review/objdiff.js';
import { cli } from '../helpers/run.js';

const urls: Array<[string, string]> = [
  ['redis://:hunter2@redis:6379/0', 'redis://:***@redis:6379/0'],
  ['redis://default:a/b/c@redis:6379/0', 'redis://default:***@redis:6379/0'],
  ['redis://:p@ss@host:6379', 'redis://:***@host:6379'],
  ['redis://u:p@ss@w@rd@host/2', 'redis://u:***@host/2'],
  ['amqp://user:p%40ss@host/vh', 'amqp://user:***@host/vh'],
  ['rediss://:x@h1 and redis://:y@h2', 'rediss://:***@h1 and redis://:***@h2'],
  ['redis://redis:6379/0', 'redis://redis:6379/0'],
  ['redis://user@host', 'redis://user@host'],
  ['not a url: a:b@c', 'not a url: a:b@c'],
  ['https://api.example.com/v1?password=hunter2&x=1', 'https://api.example.com/v1?password=***&x=1'],
  ['postgres://db/app?sslmode=require&password=a/b#frag', 'postgres://db/app?sslmode=require&password=***#frag'],
  ['https://h/cb?token=abc&api_key=def', 'https://h/cb?token=***&api_key=***'],
  ['https://h/p?PassWord=Z', 'https://h/p?PassWord=***'],
  ['https://h/p?keyword=find', 'https://h/p?keyword=find'],
  ['https://h/p?x=password=1', 'https://h/p?x=password=1'],
];

const names: Array<[string, boolean]> = [
  ['DB_PASSWORD', true],
  ['SMTP_PASS', true],
  ['AWS_SECRET_ACCESS_KEY', true],
  ['GITHUB_TOKEN', true],
  ['API_KEY', true],
  ['apiKey', true],
  ['stripeSecret', true],
  ['SIGNING-KEY', true],
  ['TLS_PRIVATE_KEY_PEM', true],
  ['TASK_BACKEND_BROKER_URL', false],
  ['KEYS_PER_BATCH', false],
  ['MONKEY_MODE', false],
  ['PASSENGER_COUNT', false],
  ['TOKENIZER', false],
  ['LOG_LEVEL', false],
];

const values: Array<[string, boolean]> = [
  ['-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n', true],
  ['-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', true],
  ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc', true],
  ['ghp_0123456789abcdefghijABCDEFGHIJ012345', true],
  ['AKIAIOSFODNN7EXAMPLE', true],
  ['Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdI', true],
  ['wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', true],
  ['ProcessInvoicesForCustomer2024Batch', false],
  ['SendWelcomeEmailToNewlyRegisteredUsers2', false],
  ['generate_thumbnails_for_uploaded_images_v2', false],
  ['info', false],
  ['2Gi', false],
  ['kubernetes.io/arch', false],
  ['a-very-long-but-plain-lowercase-label-value-with-dashes', false],
];

describe('redaction', () => {
  it.each(urls)('%s is shown as %s', (raw, shown) => expect(redact(raw)).toBe(shown));
  it.each(names)('variable %s is secret: %s', (name, secret) => expect(isSecretName(name)).toBe(secret));
  it.each(values)('value %j looks secret: %s', (v, secret) => expect(looksSecret(v)).toBe(secret));

  it.each([
    ['DB_PASSWORD', 'plain', '***'],
    ['LOG_LEVEL', 'info', 'info'],
    ['REDIS_URL', 'redis://:pw@r:6379', 'redis://:***@r:6379'],
    ['CERT', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', '***'],
  ])('env %s=%j is shown as %s', (name, value, shown) => expect(redactEnvValue(name, value)).toBe(shown));

  it('masks a secret env value in the object diff, and says that it changed', () => {
    const dep = (v: string, extra: object[] = []) => ({
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { containers: [{ name: 'worker', env: [{ name: 'API_TOKEN', value: v }, { name: 'MODE', value: v }, ...extra] }] },
    });
    const fields = objectChanges([dep('old-tok')], [dep('new-tok', [{ name: 'DB_PASSWORD', value: 'pw1' }])])[0]?.fields;
    expect(fields).toEqual([
      { path: 'spec.containers[worker].env[API_TOKEN].value', before: '***', after: '*** (a masked password changed)' },
      { path: 'spec.containers[worker].env[MODE].value', before: 'old-tok', after: 'new-tok' },
      { path: 'spec.containers[worker].env[DB_PASSWORD]', after: { name: 'DB_PASSWORD', value: '***' } },
    ]);
  });
});

describe('values echoed in diagnostics', () => {
  it.each([
    ['2GB', '2GB'],
    ['x'.repeat(60), 'x'.repeat(60)],
    ['X'.repeat(61), 'X'.repeat(59) + '…'],
    ['x_'.repeat(40), 'x_'.repeat(29) + 'x…'],
    // A Kubernetes name is what a NAME_TOO_LONG message is about: whole, up to 253.
    ['task-worker-' + 'w'.repeat(63), 'task-worker-' + 'w'.repeat(63)],
    ['a.b-' + 'c'.repeat(249), 'a.b-' + 'c'.repeat(249)],
    ['a' + 'b'.repeat(253), 'a' + 'b'.repeat(58) + '…'],
    ['line 1\nline 2', 'line 1…'],
    ['redis://:pw@h:6379', 'redis://:***@h:6379'],
    ['-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n', '*** (59 characters, not shown)'],
  ])('%j is echoed as %j', (v, shown) => expect(echo(v)).toBe(shown));
});

describe('diagnostics never echo a long or secret value', () => {
  const PEM = `-----BEGIN PRIVATE KEY-----\n${'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC'.repeat(20)}\n-----END PRIVATE KEY-----\n`;
  const files = { 'v.yaml': 'taskConfig: { app: a.js }\nworkers:\n  api:\n    tasks: [t]\n', 'key.pem': PEM };
  it.each([
    [
      ['--set-file', 'workers.api.resources.requests.memory=key.pem'],
      /`\*\*\* \(\d+ characters, not shown\)` is not a Kubernetes quantity/,
    ],
    [
      ['--set', `workers.api.resources.requests.memory=${'9'.repeat(30)}x${'Y'.repeat(200)}`],
      /`9{30}xY{28}…` is not a Kubernetes quantity/,
    ],
    [['--set-literal', `workers.api.nodeSelector.a=${'z'.repeat(300)}`], /`z{59}…`/],
    [['--set-literal', `=${PEM}`], /--set-literal \*\*\* \(\d+ characters, not shown\): /],
  ])('%j', async (flags, message) => {
    const r = await cli(['validate', '-f', 'v.yaml', ...flags], { files });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/MIIEvQIBADAN|BEGIN PRIVATE/);
    expect(r.stderr).not.toMatch(/[Yz]{61}/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
