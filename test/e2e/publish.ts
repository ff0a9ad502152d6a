// What the end-to-end run installs, published the way users publish it: the images podman built
// (make image; make celery-image) pushed to a real registry (Debian's docker-registry on
// a loopback port, plain HTTP), and the chart packaged and pushed there as an OCI artifact. The
// node's containerd pulls the images from it (scripts/node.sh, NODE_REGISTRIES) and the tests
// `helm install oci://...` at the pinned version: nothing reaches the node by `ctr import`.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from '../helpers/fixtures.js';

const run = promisify(execFile);
/** The chart's version and appVersion (one version: test/package/version.test.ts). */
export const VERSION = /^appVersion:\s*"?([^"\s]+)"?\s*$/m.exec(readFileSync(join(ROOT, 'chart/Chart.yaml'), 'utf8'))?.[1] ?? '';
/** The images a run pushes when podman has them; the first one must be there. */
const IMAGES = ['task-backend', 'celery-app'] as const;
const HELM = process.env.HELM || join(ROOT, '.tools/helm3/helm');

/** What the tests install: each pushed image as repository@digest, and the chart's OCI reference. */
export interface Published {
  images: Record<string, string>;
  chartRef: string;
}

const podman = (args: string[]) =>
  run('podman', args, { env: { ...process.env, CONTAINERS_CONF: join(ROOT, '.image/containers.conf') }, timeout: 180_000 });

/** Push `name:<version>` from podman's storage; returns host/name@sha256:..., or undefined when podman lacks it. */
async function pushImage(host: string, name: string, dir: string): Promise<string | undefined> {
  const local = `${name}:${VERSION}`;
  if (
    !(await podman(['image', 'exists', local]).then(
      () => true,
      () => false,
    ))
  )
    return undefined;
  const digestFile = join(dir, `${name}.digest`);
  await podman(['push', '--quiet', '--tls-verify=false', '--digestfile', digestFile, local, `docker://${host}/${local}`]);
  return `${host}/${name}@${readFileSync(digestFile, 'utf8').trim()}`;
}

/** Push the images and the chart to the registry at `host`; `dir` keeps the digests and the package. */
export async function publish(host: string, dir: string): Promise<Published> {
  mkdirSync(dir, { recursive: true });
  const images: Record<string, string> = {};
  for (const name of IMAGES) {
    const ref = await pushImage(host, name, dir);
    if (ref) images[name] = ref;
    else if (name === IMAGES[0]) throw new Error(`podman has no ${name}:${VERSION}: run make image-save (make e2e does)`);
  }
  const env = { ...process.env, HELM_CACHE_HOME: join(dir, 'helm/cache'), HELM_CONFIG_HOME: join(dir, 'helm/config') };
  await run(HELM, ['package', join(ROOT, 'chart'), '-d', dir], { env });
  await run(HELM, ['push', join(dir, `task-worker-${VERSION}.tgz`), `oci://${host}/charts`, '--plain-http'], { env });
  return { images, chartRef: `oci://${host}/charts/task-worker` };
}
