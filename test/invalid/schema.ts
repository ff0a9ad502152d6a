// Mistakes the JSON Schema catches.
// Each row: marked YAML in, the diagnostics it must produce out (file:line:col from the `»`
// marks). tb-gen runs every row (test/invalid.test.ts), and so do Helm 3 and Helm 4
// (test/chart/invalid.test.ts), so every case is written once.
import { E, type Row } from '../helpers/expect-diagnostics.js';

/** Rows whose mistakes the schema reports. */
export const SCHEMA_ROWS: Row[] = [
  {
    kind: 'misspelled worker key',
    values: `
      workers:
        a:
          »replcas: 2
          tasks: [x]`,
    want: [E('UNKNOWN_KEY', /did you mean `replicas`\?/)],
  },
  {
    kind: 'misspelled top-level key',
    values: `
      »wrokers: {}`,
    want: [E('UNKNOWN_KEY', /did you mean `workers`\?/)],
  },
  {
    kind: 'unknown key with nothing close lists what is allowed',
    values: `
      taskConfig:
        »zzzzzzzz: 1`,
    want: [
      E('UNKNOWN_KEY', /allowed here: backend_type, broker_url, brokerSecret, result_backend, resultBackendSecret, app, prefix, redis/),
    ],
  },
  {
    kind: 'misspelled enum value',
    values: `
      taskConfig:
        backend_type: »bulmq`,
    want: [E('INVALID_ENUM', /did you mean `bullmq`\?/)],
  },
  {
    kind: 'enum value in the wrong case',
    values: `
      image:
        pullPolicy: »always`,
    want: [E('INVALID_ENUM', /did you mean `Always`\?/)],
  },
  {
    kind: 'memory 2GB is not a quantity',
    values: `
      workers:
        a:
          tasks: [x]
          resources:
            requests: { cpu: 1, memory: »2GB }`,
    want: [E('INVALID_QUANTITY', /`2Gi` \(binary\) or `2G` \(decimal\)/)],
  },
  {
    kind: 'cpu with a unit word',
    values: `
      workers:
        a:
          resources: { cpu: »"1 core" }`,
    want: [E('INVALID_QUANTITY', /500m/)],
  },
  {
    kind: 'health port 0 (the probes need one)',
    values: `
      workers:
        a:
          tasks: [t]
          healthPort: »0`,
    want: [E('OUT_OF_RANGE')],
  },
  {
    kind: 'hostNetwork as a string',
    values: `
      workers:
        a:
          tasks: [t]
          hostNetwork: »"true"`,
    want: [E('WRONG_TYPE')],
  },
  {
    kind: 'negative quantity',
    values: `
      defaults:
        resources:
          limits: { memory: »-1 }`,
    want: [E('OUT_OF_RANGE')],
  },
  {
    kind: 'YAML 1.1 reads an unquoted y as a boolean, not a task name',
    values: `
      workers:
        a:
          tasks: [»y]`,
    want: [E('WRONG_TYPE', /quote it: YAML 1\.1/)],
  },
  {
    kind: 'worker name that is not a DNS label',
    values: `
      workers:
        »File_Processing:
          tasks: [x]`,
    want: [E('INVALID_NAME', /`file-processing`/)],
  },
  {
    kind: 'profile name that is not a DNS label',
    values: `
      profiles:
        »High.Mem: {}`,
    want: [E('INVALID_NAME', /DNS|lower-case/)],
  },
  {
    kind: 'task name with a space in the catalogue',
    values: `
      tasks:
        »"bad task": { queue: q }`,
    want: [E('INVALID_NAME', /letters, digits/)],
  },
  {
    kind: 'task name with a leading dash in a list',
    values: `
      workers:
        a:
          tasks: [ok, »"-bad"]`,
    want: [E('INVALID_VALUE')],
  },
  {
    kind: 'replicas below 0',
    values: `
      workers:
        a:
          replicas: »-1`,
    want: [E('OUT_OF_RANGE')],
  },
  {
    kind: 'concurrency 0',
    values: `
      defaults:
        concurrency: »0`,
    want: [E('OUT_OF_RANGE')],
  },
  {
    kind: 'maxReplicas above the bound',
    values: `
      workers:
        a:
          autoscaling: { enabled: true, maxReplicas: »5000 }`,
    want: [E('OUT_OF_RANGE')],
  },
  {
    kind: 'replicas as a quoted string',
    values: `
      workers:
        a:
          replicas: »"3"`,
    want: [E('WRONG_TYPE')],
  },
  {
    kind: 'tasks as a comma-separated string',
    values: `
      workers:
        a:
          tasks: »"a,b"`,
    want: [E('WRONG_TYPE')],
  },
  {
    kind: 'nodeSelector value that is not a string',
    values: `
      workers:
        a:
          nodeSelector: { gpu: »true }`,
    want: [E('WRONG_TYPE')],
  },
  {
    kind: 'workers as a list',
    values: `
      workers:
        »- a`,
    want: [E('WRONG_TYPE')],
  },
  {
    kind: 'misspelled field of an env entry',
    values: `
      defaults:
        env:
          - name: A
            »valueFrm: { fieldRef: { fieldPath: status.podIP } }`,
    want: [E('UNKNOWN_KEY', /did you mean `valueFrom`\?/)],
  },
  {
    kind: 'brokerSecret without key',
    values: `
      taskConfig:
        »brokerSecret: { name: redis }`,
    want: [E('MISSING_KEY')],
  },
  {
    kind: 'catalogue entry without its queue',
    values: `
      tasks:
        »ocr: {}`,
    want: [E('MISSING_KEY')],
  },
  {
    kind: 'the same task listed twice',
    values: `
      workers:
        a:
          tasks: [x, y1, »x]`,
    want: [E('DUPLICATE_ITEM')],
  },
  {
    kind: 'nameOverride that is not a DNS label',
    values: `
      nameOverride: »Jobs`,
    want: [E('INVALID_VALUE')],
  },
  {
    kind: 'terminationGracePeriodSeconds too short to drain',
    values: `
      defaults:
        terminationGracePeriodSeconds: »1`,
    want: [E('OUT_OF_RANGE')],
  },
  {
    kind: 'a task name with a colon, which BullMQ and the registry refuse',
    values: `
      workers:
        a:
          tasks: [»"report:daily"]`,
    want: [E('INVALID_VALUE', /letter or digit/)],
  },
  {
    kind: 'a task name with a leading underscore in the catalogue',
    values: `
      tasks:
        »_internal: { queue: q }`,
    want: [E('INVALID_NAME', /letter or digit/)],
  },
  {
    kind: 'a queue name longer than 128 characters',
    values: `
      tasks:
        t: { queue: »${'q'.repeat(129)} }`,
    want: [E('INVALID_VALUE')],
  },
  {
    kind: 'every schema mistake in a file at once',
    values: `
      taskConfig:
        backend_type: »celeri
      workers:
        a:
          »replcas: 2
          resources:
            limits: { memory: »2GB }`,
    want: [E('INVALID_ENUM'), E('UNKNOWN_KEY'), E('INVALID_QUANTITY')],
  },
  {
    kind: 'commonLabels with a key and a value Kubernetes refuses (every object would fail to apply)',
    values: `
      commonLabels:
        »team/name/x: mail
        cost-center: »"42 eur"
      workers:
        a:
          tasks: [t]`,
    want: [E('INVALID_NAME', /qualified|prefix/), E('INVALID_VALUE', /a label value/)],
  },
];
