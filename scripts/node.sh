#!/usr/bin/env bash
# A real node beside the test cluster, so Pods run: Debian's containerd with its own config, root,
# state and socket, a CNI bridge, a locally built pause image, kube-scheduler and the kubelet
# (.tools/kube/bin, NODE=1 scripts/cluster-build.sh). Called by scripts/cluster.sh with NODE=1.
#   scripts/node.sh up STATE [IMAGE_ARCHIVE...]   needs the cluster of STATE running
#     NODE_REGISTRIES="host:port ..."               registries containerd pulls from over plain
#                                                  HTTP (loopback ones, such as the tests')
#   scripts/node.sh down STATE                     stops what `up` started, by PID, and undoes
#                                                  its mounts, network, cgroups and sysctls
# The node is named 127.0.0.1, and the API server reaches its kubelet there (Hostname address);
# its InternalIP is the bridge's host address 10.244.0.1 (the kubelet refuses a loopback node IP).
# Pods get 10.244.0.0/24 on bridge tbnode0, where 10.244.0.1 reaches the host; with hostNetwork
# they share the host's loopback.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WHO=node
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BIN="$ROOT/.tools/kube/bin"
cmd=${1:-}
[[ -n ${2:-} ]] || { echo "usage: $0 up|down STATE [IMAGE_ARCHIVE...]" >&2; exit 2; }
STATE=$(cd "$2" && pwd)
shift 2
N="$STATE/node" PIDS="$STATE/pids" LOGS="$STATE/logs" PKI="$STATE/pki" KC="$STATE/kubeconfig"
SOCK="$N/containerd/containerd.sock"
BRIDGE=tbnode0 SUBNET=10.244.0.0/24 GATEWAY=10.244.0.1
PAUSE_IMAGE=localhost/task-backend-pause:1
SYSCTLS=(vm.overcommit_memory kernel.panic kernel.panic_on_oops)

kubectl() { "$BIN/kubectl" --kubeconfig "$KC" --request-timeout=5s "$@"; }
ctr() { command ctr --address "$SOCK" --namespace k8s.io "$@"; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

need_tools() {
  local missing=()
  for pair in containerd:containerd ctr:containerd runc:runc gcc:gcc podman:podman; do
    command -v "${pair%%:*}" >/dev/null || missing+=("${pair#*:}")
  done
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  [[ ${#missing[@]} -eq 0 ]] || die "missing ${missing[*]}: apt-get install -y ${missing[*]}"
  for b in kubelet kube-scheduler; do
    [[ -x $BIN/$b ]] || die "$BIN/$b is missing: NODE=1 make cluster-bin"
  done
}

# The pause image: Kubernetes' own pause.c (from the pinned k8s.io/kubernetes module), static, FROM scratch.
pause_archive() {
  local out="$ROOT/.tools/kube/pause.oci.tar"
  [[ -s $out ]] && { echo "$out"; return; }
  local src ctx
  src=$(cd "$ROOT/tools/kube" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)/build/pause/linux/pause.c
  [[ -s $src ]] || die "no $src (go mod download in tools/kube)"
  ctx=$(mktemp -d)
  gcc -Os -static -DVERSION=v1.37.2-task-backend -o "$ctx/pause" "$src"
  strip "$ctx/pause"
  printf 'FROM scratch\nCOPY pause /pause\nUSER 65535:65535\nENTRYPOINT ["/pause"]\n' > "$ctx/Containerfile"
  export CONTAINERS_CONF="$ROOT/.image/containers.conf"
  [[ -s $CONTAINERS_CONF ]] || die "$CONTAINERS_CONF is missing: make image first (it writes podman's containers.conf)"
  podman build -q -t "$PAUSE_IMAGE" -f "$ctx/Containerfile" "$ctx" >/dev/null
  podman save -q --format oci-archive -o "$out.tmp" "$PAUSE_IMAGE" >/dev/null
  mv "$out.tmp" "$out"
  rm -rf "$ctx"
  echo "$out"
}

import_image() { # archive -> imported; localhost/x:t is also tagged docker.io/library/x:t (what `x:t` means to the CRI)
  local names name
  names=$(ctr images import --all-platforms "$1" 2>&1 | sed -n 's/^unpacking \([^ ]*\) .*/\1/p')
  [[ -n $names ]] || names=$(ctr images ls -q | grep '^localhost/' || true)
  for name in $names; do
    if [[ $name == localhost/* ]]; then
      local short=${name#localhost/}
      [[ $short == */* ]] || ctr images tag --force "$name" "docker.io/library/$short" >/dev/null
    fi
  done
}

containerd_config() {
  mkdir -p "$N/containerd" "$N/cni/conf" "$N/cni/ipam"
  cat > "$N/containerd/config.toml" <<EOF
# Written by scripts/node.sh: everything under $N, nothing of the machine's containerd.
version = 2
root = "$N/containerd/root"
state = "$N/containerd/state"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$N/containerd/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  # Root here may not lower oom_score_adj: without this every sandbox fails to start.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
    snapshotter = "overlayfs"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$N/cni/conf"
  # One hosts.toml per registry (containerd reads them at each pull), written below.
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$N/containerd/certs.d"
EOF
  local host
  for host in ${NODE_REGISTRIES-}; do
    mkdir -p "$N/containerd/certs.d/$host"
    printf 'server = "http://%s"\n[host."http://%s"]\n  capabilities = ["pull", "resolve"]\n' "$host" "$host" \
      > "$N/containerd/certs.d/$host/hosts.toml"
  done
  cat > "$N/cni/conf/10-tbnode.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "tbnode",
  "plugins": [
    { "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": false,
      "ipam": { "type": "host-local", "dataDir": "$N/cni/ipam", "ranges": [[{ "subnet": "$SUBNET", "gateway": "$GATEWAY" }]],
                "routes": [{ "dst": "0.0.0.0/0" }] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ]
}
EOF
}

kubelet_config() { # kubelet_port healthz_port
  cat > "$N/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
failCgroupV1: false
cgroupDriver: cgroupfs
containerRuntimeEndpoint: unix://$SOCK
address: 127.0.0.1
port: $1
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $2
authentication:
  x509: { clientCAFile: $PKI/ca.crt }
  anonymous: { enabled: false }
  webhook: { enabled: false }
authorization: { mode: AlwaysAllow }
failSwapOn: false
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard: { memory.available: 100Mi, nodefs.available: 2%, imagefs.available: 2% }
podLogsDir: $N/pod-logs
resolvConf: /etc/resolv.conf
serializeImagePulls: false
EOF
}

up() {
  need_tools
  [[ -s $KC && -s $PKI/ca.key ]] || die "no cluster in $STATE: scripts/cluster.sh up first"
  local t0; t0=$(date +%s%N)
  mkdir -p "$N" "$LOGS"
  # What teardown restores: the sysctls the kubelet sets, the cgroups and network namespaces it will create.
  for s in "${SYSCTLS[@]}"; do echo "$s $(sysctl -n "$s")"; done > "$N/sysctls"
  ls /run/netns 2>/dev/null > "$N/netns.before" || true
  ls -d /sys/fs/cgroup/*/kubepods* 2>/dev/null > "$N/cgroups.before" || true
  containerd_config
  ip link show "$BRIDGE" >/dev/null 2>&1 || ip link add "$BRIDGE" type bridge
  ip addr replace "$GATEWAY/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up

  start containerd containerd --config "$N/containerd/config.toml"
  wait_for "containerd" 30 containerd ctr version
  local pause; pause=$(pause_archive)
  import_image "$pause"
  local a
  for a in "$@"; do import_image "$a"; done

  start kube-scheduler "$BIN/kube-scheduler" --kubeconfig="$KC" --bind-address=127.0.0.1 --secure-port=0 --leader-elect=false
  local kport hport
  read -r kport hport <<< "$(free_ports 2)"
  kubelet_config "$kport" "$hport"
  local tk; tk=$(date +%s%N)
  # The admin kubeconfig: the API server authorizes with RBAC only (no Node authorizer here).
  start kubelet "$BIN/kubelet" --config="$N/kubelet.yaml" --kubeconfig="$KC" --root-dir="$N/kubelet" \
    --cert-dir="$N/kubelet-pki" --hostname-override=127.0.0.1 --node-ip="$GATEWAY" --v=1
  wait_for "node 127.0.0.1 Ready" 60 kubelet kubectl wait --for=condition=Ready node/127.0.0.1 --timeout=2s
  echo "node: 127.0.0.1 Ready $(ms "$tk") ms after the kubelet started ($(ms "$t0") ms in all; pods on $SUBNET, host $GATEWAY)"
}

unmount_under() { # dir -> every mount below it, deepest first
  # mountinfo names the physical path: .tools/ may be a symlink (a git worktree shares the main one's).
  local m d; d=$(cd "$1" && pwd -P)
  for m in $(awk -v d="$d/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
  done
}

down() {
  [[ -d $N ]] || return 0
  local name pid
  if [[ -S $SOCK ]]; then
    # The pods' containers first, while containerd still answers: their shims outlive the kubelet.
    local c
    for c in $(ctr tasks ls -q 2>/dev/null); do ctr tasks kill -s SIGKILL "$c" >/dev/null 2>&1 || true; done
    sleep 0.5
    for c in $(ctr tasks ls -q 2>/dev/null); do ctr tasks delete -f "$c" >/dev/null 2>&1 || true; done
    for c in $(ctr containers ls -q 2>/dev/null); do ctr containers delete "$c" >/dev/null 2>&1 || true; done
  fi
  if [[ -f $PIDS ]]; then
    for name in kubelet kube-scheduler containerd; do
      for pid in $(awk -v n="$name" '$1 == n { print $2 }' "$PIDS"); do
        ours "$pid" || continue
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 100); do ours "$pid" || break; sleep 0.1; done
        ours "$pid" && kill -KILL "$pid" 2>/dev/null || true
      done
      sed -i "/^$name /d" "$PIDS"
    done
  fi
  # Shims (and anything else) still running from this node's state: ours by command line.
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [[ $pid != $$ ]] && ours "$pid" && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$N/" && kill -KILL "$pid" 2>/dev/null || true
  done
  unmount_under "$N"
  local ns
  for ns in $(ls /run/netns 2>/dev/null); do
    grep -qxF "$ns" "$N/netns.before" 2>/dev/null && continue
    [[ $ns == cni-* ]] || continue
    umount "/run/netns/$ns" 2>/dev/null || true
    rm -f "/run/netns/$ns"
  done
  ip link show "$BRIDGE" >/dev/null 2>&1 && ip link delete "$BRIDGE" 2>/dev/null || true
  local cg
  for cg in $(ls -d /sys/fs/cgroup/*/kubepods* 2>/dev/null); do
    grep -qxF "$cg" "$N/cgroups.before" 2>/dev/null && continue
    find "$cg" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
  if [[ -f $N/sysctls ]]; then
    local key value
    while read -r key value; do sysctl -qw "$key=$value" >/dev/null 2>&1 || true; done < "$N/sysctls"
  fi
  rm -rf "$N"
  echo "node: stopped ($STATE)"
}

case $cmd in
  up) up "$@" ;;
  down) down ;;
  *) echo "usage: $0 up|down STATE [IMAGE_ARCHIVE...]" >&2; exit 2 ;;
esac
