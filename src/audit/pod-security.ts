// The Pod Security Standards (https://kubernetes.io/docs/concepts/security/pod-security-standards/),
// as the API server's PodSecurity admission applies them, checked on a rendered pod template, so a
// namespace that enforces a level never refuses a worker's pods after tb-gen called them valid.
// Each violation carries the admission's own reason, which test/cluster proves, case by case.
/** The parts of a PodSpec the standards look at. */
export interface SecurityContext {
  privileged?: boolean;
  allowPrivilegeEscalation?: boolean;
  capabilities?: { add?: string[]; drop?: string[] };
  procMount?: string;
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: { type?: string };
  appArmorProfile?: { type?: string };
  seLinuxOptions?: { type?: string; user?: string; role?: string };
  sysctls?: Array<{ name: string }>;
}
export interface Container {
  name: string;
  securityContext?: SecurityContext;
  ports?: Array<{ hostPort?: number }>;
}
export interface PodSpec {
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  securityContext?: SecurityContext;
  containers?: Container[];
  initContainers?: Container[];
  volumes?: Array<{ name: string } & Record<string, unknown>>;
}

export const LEVELS = ['privileged', 'baseline', 'restricted'] as const;
export type Level = (typeof LEVELS)[number];

/** One broken rule: the admission's reason and its detail. */
export interface Violation {
  reason: string;
  detail: string;
  /** The worker key that sets what breaks the rule (for the diagnostic's position). */
  key: 'securityContext' | 'podSecurityContext' | 'volumes' | 'hostNetwork' | undefined;
}

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const RESTRICTED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);
const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

const containersOf = (pod: PodSpec): Container[] => [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
const quoted = (xs: string[]) => xs.map((x) => `"${x}"`).join(', ');
const named = (what: string, xs: string[]) => `${what}${xs.length === 1 ? '' : 's'} ${quoted(xs)}`;

type Rule = (pod: PodSpec) => Violation | undefined;

/** A container-level field that must (or must not) hold, with the pod-level default where there is one. */
function perContainer(reason: string, bad: (c: Container) => boolean, detail: (names: string[]) => string): Rule {
  return (pod) => {
    const names = containersOf(pod)
      .filter(bad)
      .map((c) => String(c.name));
    return names.length ? { reason, detail: detail(names), key: 'securityContext' } : undefined;
  };
}

const baseline: Record<string, Rule> = {
  hostNamespaces: (pod) => {
    const on = (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((k) => pod[k] === true);
    return on.length
      ? {
          reason: 'host namespaces',
          detail: on.map((k) => `${k}=true`).join(', '),
          key: on.includes('hostNetwork') ? 'hostNetwork' : undefined,
        }
      : undefined;
  },
  privileged: perContainer(
    'privileged',
    (c) => c.securityContext?.privileged === true,
    (n) => `${named('container', n)} must not set securityContext.privileged=true`,
  ),
  capabilities: perContainer(
    'non-default capabilities',
    (c) => (c.securityContext?.capabilities?.add ?? []).some((x) => !BASELINE_CAPABILITIES.has(x)),
    (n) => `${named('container', n)} must not include capabilities outside the default set in securityContext.capabilities.add`,
  ),
  hostPathVolumes: (pod) => {
    const vols = (pod.volumes ?? []).filter((v) => v.hostPath).map((v) => String(v.name));
    return vols.length ? { reason: 'hostPath volumes', detail: named('volume', vols), key: 'volumes' } : undefined;
  },
  hostPorts: perContainer(
    'hostPort',
    (c) => (c.ports ?? []).some((p) => p.hostPort),
    (n) => `${named('container', n)} uses hostPort`,
  ),
  procMount: perContainer(
    'procMount',
    (c) => c.securityContext?.procMount !== undefined && c.securityContext.procMount !== 'Default',
    (n) => `${named('container', n)} must not set securityContext.procMount`,
  ),
  seccompProfile: (pod) => unconfined('seccompProfile', pod, (sc) => sc?.seccompProfile?.type === 'Unconfined'),
  appArmorProfile: (pod) => unconfined('forbidden AppArmor profile', pod, (sc) => sc?.appArmorProfile?.type === 'Unconfined'),
  seLinuxOptions: (pod) =>
    unconfined(
      'seLinuxOptions',
      pod,
      (sc) =>
        !!sc?.seLinuxOptions && (!SELINUX_TYPES.has(sc.seLinuxOptions.type ?? '') || !!sc.seLinuxOptions.user || !!sc.seLinuxOptions.role),
    ),
  sysctls: (pod) => {
    const bad = (pod.securityContext?.sysctls ?? []).map((s) => String(s.name)).filter((n) => !SAFE_SYSCTLS.has(n));
    return bad.length ? { reason: 'forbidden sysctls', detail: bad.join(', '), key: 'podSecurityContext' } : undefined;
  },
};

// A setting forbidden on the pod or on any container.
function unconfined(reason: string, pod: PodSpec, bad: (sc: SecurityContext | undefined) => boolean): Violation | undefined {
  const setters = [
    ...(bad(pod.securityContext) ? ['pod'] : []),
    ...containersOf(pod)
      .filter((c) => bad(c.securityContext))
      .map((c) => `container "${c.name}"`),
  ];
  const key = setters[0] === 'pod' ? 'podSecurityContext' : 'securityContext';
  return setters.length ? { reason, detail: `${setters.join(' and ')} must not set it`, key } : undefined;
}

// A setting required on every container, which the pod's securityContext may give them all.
function required(
  reason: string,
  pod: PodSpec,
  get: (sc: SecurityContext | undefined) => unknown,
  ok: (v: unknown) => boolean,
  field: string,
): Violation | undefined {
  const podValue = get(pod.securityContext);
  if (podValue !== undefined && !ok(podValue))
    return { reason, detail: `pod must not set securityContext.${field}`, key: 'podSecurityContext' };
  const bad = containersOf(pod).filter((c) => {
    const v = get(c.securityContext);
    return v === undefined ? podValue === undefined : !ok(v);
  });
  return bad.length
    ? {
        reason,
        detail: `${named(
          'container',
          bad.map((c) => String(c.name)),
        )} must set securityContext.${field}`,
        key: 'securityContext',
      }
    : undefined;
}

// Keys shared with `baseline` replace its rule, as the admission's restricted checks override
// capabilities, seccompProfile and hostPathVolumes (the volume-type rule covers hostPath).
const restricted: Record<string, Rule> = {
  hostPathVolumes: () => undefined,
  volumeTypes: (pod) => {
    const bad = (pod.volumes ?? []).filter((v) => !Object.keys(v).some((k) => RESTRICTED_VOLUMES.includes(k))).map((v) => String(v.name));
    return bad.length ? { reason: 'restricted volume types', detail: named('volume', bad), key: 'volumes' } : undefined;
  },
  allowPrivilegeEscalation: perContainer(
    'allowPrivilegeEscalation != false',
    (c) => c.securityContext?.allowPrivilegeEscalation !== false,
    (n) => `${named('container', n)} must set securityContext.allowPrivilegeEscalation=false`,
  ),
  runAsNonRoot: (pod) =>
    required(
      'runAsNonRoot != true',
      pod,
      (sc) => sc?.runAsNonRoot,
      (v) => v === true,
      'runAsNonRoot=true',
    ),
  runAsUser: (pod) => unconfined('runAsUser=0', pod, (sc) => sc?.runAsUser === 0),
  seccompProfile: (pod) =>
    required(
      'seccompProfile',
      pod,
      (sc) => sc?.seccompProfile?.type,
      (v) => v === 'RuntimeDefault' || v === 'Localhost',
      'seccompProfile.type to "RuntimeDefault" or "Localhost"',
    ),
  capabilities: perContainer(
    'unrestricted capabilities',
    (c) =>
      !(c.securityContext?.capabilities?.drop ?? []).includes('ALL') ||
      (c.securityContext?.capabilities?.add ?? []).some((x) => x !== 'NET_BIND_SERVICE'),
    (n) => `${named('container', n)} must set securityContext.capabilities.drop=["ALL"] and add at most NET_BIND_SERVICE`,
  ),
};

/** Violations of a pod spec at a level; restricted's capabilities and seccomp rules replace baseline's, as in the admission. */
export function podSecurityViolations(pod: PodSpec, level: Level): Violation[] {
  if (level === 'privileged') return [];
  const rules = level === 'restricted' ? { ...baseline, ...restricted } : baseline;
  return Object.values(rules)
    .map((r) => r(pod))
    .filter((v): v is Violation => v !== undefined);
}
