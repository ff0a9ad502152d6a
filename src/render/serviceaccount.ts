// The release's ServiceAccount (serviceAccount.create), and the name the pods run as.
import type { Plan } from '../plan/model.js';
import { releaseLabels } from './labels.js';

/** The name pods use: serviceAccount.name, else the fullname when one is created; else unset (the namespace default). */
export function serviceAccountName(plan: Plan): string | undefined {
  const sa = plan.values.serviceAccount ?? {};
  return sa.name || (sa.create ? plan.fullname : undefined);
}

/** The ServiceAccount, when the values ask for one; workers do not call the Kubernetes API, so no token. */
export function serviceAccount(plan: Plan): Record<string, unknown> | undefined {
  const sa = plan.values.serviceAccount ?? {};
  if (!sa.create || plan.workers.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: serviceAccountName(plan),
      ...(plan.namespace ? { namespace: plan.namespace } : {}),
      labels: releaseLabels(plan),
      ...(sa.annotations && Object.keys(sa.annotations).length ? { annotations: sa.annotations } : {}),
    },
    automountServiceAccountToken: false,
  };
}
