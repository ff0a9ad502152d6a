// The Pod Security check of the pipeline: every rendered pod template against the level the values
// declare, each violation located at the worker's security settings where they were written.
import { diag, toPointer, type Diagnostic } from '../values/diagnostics.js';
import type { Layer } from '../values/load.js';
import type { Plan } from '../plan/model.js';
import { workerLocator } from '../values/locate.js';
import type { Rendered } from '../render/index.js';
import { podSecurityViolations, type Level, type PodSpec } from './pod-security.js';

/** POD_SECURITY_VIOLATION for each rule a worker's pods break. */
export function checkPodSecurity(plan: Plan, objects: readonly Rendered[], layers: readonly Layer[]): Diagnostic[] {
  const level: Level = plan.settings.podSecurityLevel;
  const at = workerLocator(layers, plan.values);
  type Deployment = { metadata: { name: string }; spec: { template: { spec: PodSpec } } };
  const deployments = new Map(
    objects.filter((o) => o.object.kind === 'Deployment').map((o) => [(o.object as Deployment).metadata.name, o.object as Deployment]),
  );
  return plan.workers.flatMap((w) => {
    const d = deployments.get(w.objectName);
    if (!d) return [];
    return podSecurityViolations(d.spec.template.spec, level).map((v) =>
      diag(
        'POD_SECURITY_VIOLATION',
        `worker \`${w.name}\`: a namespace enforcing Pod Security "${level}" refuses its pods: ${v.reason} (${v.detail})`,
        at(w.name, v.key ? [v.key] : [], { key: true }),
        toPointer(['workers', w.name]),
        `fix the pod's security settings, or set podSecurityLevel to the level your namespace enforces (baseline, privileged)`,
      ),
    );
  });
}
