// Slips a new user made in a trial (issue 20): each rendered without a word and failed later. The
// expectations are written from what the worker and Kubernetes do with the value, not from the code.
import { E, W, type Row } from '../helpers/expect-diagnostics.js';

/** Rows for src/plan/checks-slips.ts, the image fields and MISSING_APP's custom-image rule. */
export const SLIP_ROWS: Row[] = [
  {
    kind: 'a task-name typo, with the app catalogue given',
    values: `
      catalogueComplete: true
      tasks:
        »send_email: { queue: mail }
        charge: { queue: billing }
      workers:
        mailer:
          tasks: [»send_emial]
        billing:
          tasks: [charge]`,
    // send_email is then served by nobody: the warning says so too.
    want: [W('TASK_NOT_SERVED'), E('UNKNOWN_TASK', /did you mean `send_email`\?/)],
  },
  {
    kind: 'a broker URL whose scheme the worker refuses',
    values: `
      taskConfig:
        »broker_url: "http://redis:6379"
      workers:
        a:
          tasks: [x]`,
    want: [E('BROKER_URL_SCHEME', /redis:\/\/HOST:6379\/0/)],
  },
  {
    kind: 'image.repository carrying a tag',
    values: `
      image:
        repository: »"myreg.io/app:1.2"
      workers:
        a:
          tasks: [x]`,
    want: [E('INVALID_VALUE', /image\.tag/)],
  },
  {
    kind: "a worker's image.repository carrying a digest",
    values: `
      workers:
        a:
          tasks: [x]
          image: { repository: »"myreg.io/app@sha256:0123" }`,
    want: [E('INVALID_VALUE', /image\.digest/)],
  },
  {
    kind: 'image.digest that is not sha256:<64 hex>',
    values: `
      image: { digest: »"sha256:abc" }
      workers:
        a:
          tasks: [x]`,
    want: [E('INVALID_VALUE')],
  },
  {
    kind: 'memory without a unit counts bytes',
    values: `
      workers:
        a:
          tasks: [x]
          resources: { memory: »512, cpu: 1 }`,
    want: [E('IMPLAUSIBLE_QUANTITY', /512Mi/)],
  },
  {
    kind: 'memory in m counts millibytes',
    values: `
      workers:
        a:
          tasks: [x]
          resources:
            requests: { memory: »512m }`,
    want: [E('IMPLAUSIBLE_QUANTITY', /m is milli.*512Mi/)],
  },
  {
    kind: 'cpu without a unit counts cores',
    values: `
      workers:
        a:
          tasks: [x]
          resources:
            limits: { cpu: »500 }`,
    want: [E('IMPLAUSIBLE_QUANTITY', /500m/)],
  },
  {
    kind: 'a misspelt worker in --set takes every other worker\u2019s jobs',
    values: `
      workers:
        mailer:
          tasks: [send_email]`,
    sets: ['»»»workers.mailr.replicas=2'],
    want: [
      W('LIKELY_MISSPELLED_WORKER', /did you mean `mailer`\?/),
      E('UNDECLARED_CATCH_ALL', /did you mean `mailer`\?/),
      W('WORKER_SERVES_EVERYTHING'),
    ],
  },
  {
    kind: 'a custom image that bakes TASK_BACKEND_APP in needs no taskConfig.app (renders)',
    noApp: true,
    values: `
      image: { repository: myreg.io/team/app, tag: "1.2" }
      workers:
        api:
          tasks: [api_process]`,
    want: [],
  },
];
