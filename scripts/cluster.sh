#!/usr/bin/env bash
# The test cluster: etcd, kube-apiserver and kube-controller-manager from .tools/kube/bin (built
# by scripts/cluster-build.sh), on free 127.0.0.1 ports, with fresh certificates and data.
#   scripts/cluster.sh up [STATE]     start; waits for /readyz and the default service account
#   scripts/cluster.sh down [STATE]   stop exactly the processes `up` recorded, by PID
#   scripts/cluster.sh status [STATE]
# STATE defaults to .tools/kube; the kubeconfig is STATE/kubeconfig (.tools/kube/kubeconfig).
# No nodes: Pods stay Pending, which is all the tests need (admission, controllers, Helm).
# With NODE=1, also a real node (scripts/node.sh: containerd, kube-scheduler, kubelet) with the
# OCI archives of NODE_IMAGES (space-separated; default the worker image of `make image-save`)
# imported, so Pods run; `down` stops it too.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WHO=cluster
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
BIN="$ROOT/.tools/kube/bin"
cmd=${1:-}
STATE=$(mkdir -p "${2:-$ROOT/.tools/kube}" && cd "${2:-$ROOT/.tools/kube}" && pwd)
KC="$STATE/kubeconfig" PIDS="$STATE/pids" LOGS="$STATE/logs" PKI="$STATE/pki"
SERVICE_CIDR=10.96.0.0/16 SERVICE_IP=10.96.0.1

running() { # -> the recorded PIDs still alive and ours
  [[ -f $PIDS ]] || return 0
  local name pid
  while read -r name pid; do ours "$pid" && echo "$pid"; done < "$PIDS"
}

kubectl() { "$BIN/kubectl" --kubeconfig "$KC" --request-timeout=2s "$@"; }

down() {
  # A node first (scripts/node.sh records it under STATE/node): its kubelet needs the API server.
  [[ -d $STATE/node ]] && "$ROOT/scripts/node.sh" down "$STATE"
  # In reverse start order, one at a time: the API server drains while etcd still answers it.
  local pids; pids=$(running | tac)
  for pid in $pids; do
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do ours "$pid" || break; sleep 0.1; done
    ours "$pid" && { echo "cluster: PID $pid ignored SIGTERM for 10 s; SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null || true; }
  done
  rm -rf "$PIDS" "$STATE/etcd-data"
  [[ -z $pids ]] || echo "cluster: stopped PIDs $(echo $pids) ($STATE)"
}

up() {
  local b
  for b in etcd kube-apiserver kube-controller-manager kubectl; do
    [[ -x $BIN/$b ]] || die "$BIN/$b is missing: run \`make cluster\` (builds the pinned binaries, ~16 min cold)"
  done
  if [[ -n $(running) ]]; then
    kubectl get --raw /readyz >/dev/null 2>&1 || die "a cluster from $STATE is running but not ready: make cluster-down"
    echo "cluster: already running; KUBECONFIG=$KC"; return
  fi
  local t0; t0=$(date +%s%N)
  rm -rf "$PIDS" "$LOGS" "$PKI" "$STATE/etcd-data" "$KC"
  mkdir -p "$LOGS"
  trap 'echo "cluster: start-up failed; stopping what was started" >&2; down' EXIT
  local etcd_port peer_port api_port
  read -r etcd_port peer_port api_port <<< "$(free_ports 3)"
  "$ROOT/scripts/cluster-certs.sh" "$PKI" "$SERVICE_IP" "https://127.0.0.1:$api_port" "$KC"

  local node_flags=()
  # A node is named by its IP (127.0.0.1); logs and exec go to its kubelet with this certificate.
  [[ ${NODE:-0} == 1 ]] && node_flags=(--kubelet-preferred-address-types=Hostname,InternalIP
    --kubelet-client-certificate="$PKI/kubelet-client.crt" --kubelet-client-key="$PKI/kubelet-client.key")
  local etcd="http://127.0.0.1:$etcd_port" peer="http://127.0.0.1:$peer_port"
  start etcd "$BIN/etcd" --name=test --data-dir="$STATE/etcd-data" --unsafe-no-fsync --log-level=warn \
    --listen-client-urls="$etcd" --advertise-client-urls="$etcd" \
    --listen-peer-urls="$peer" --initial-advertise-peer-urls="$peer" --initial-cluster="test=$peer"
  wait_for "etcd on port $etcd_port" 20 etcd bash -c "exec 3<>/dev/tcp/127.0.0.1/$etcd_port"

  start kube-apiserver "$BIN/kube-apiserver" --etcd-servers="$etcd" \
    --bind-address=127.0.0.1 --secure-port="$api_port" --cert-dir="$PKI" \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" --client-ca-file="$PKI/ca.crt" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" --authorization-mode=RBAC \
    --enable-priority-and-fairness=false --profiling=false --allow-privileged=true "${node_flags[@]}" \
    --requestheader-client-ca-file="$PKI/front-proxy-ca.crt" --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="$PKI/front-proxy-client.crt" --proxy-client-key-file="$PKI/front-proxy-client.key"
  wait_for "kube-apiserver /readyz on port $api_port" 60 kube-apiserver kubectl get --raw /readyz

  # A 1 s HPA sync: the controller's first pass over a new HPA waits one period (15 s by default).
  start kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig="$KC" \
    --secure-port=0 --leader-elect=false --controllers='*' --profiling=false \
    --service-account-private-key-file="$PKI/sa.key" --root-ca-file="$PKI/ca.crt" \
    --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
    --horizontal-pod-autoscaler-sync-period=1s
  wait_for "the controller manager (default service account)" 30 kube-controller-manager \
    kubectl get serviceaccount default --namespace default
  # The CRDs of the custom resources tb-gen renders (KEDA, Prometheus Operator; scripts/crds.sh).
  local crds="$ROOT/.tools/crds"
  [[ -n $(ls "$crds"/*.yaml 2>/dev/null) ]] || die "$crds has no CRDs: run scripts/crds.sh (make test does)"
  kubectl apply --server-side --field-manager=cluster.sh -f "$crds" >/dev/null
  kubectl wait --for=condition=Established --timeout=30s -f "$crds" >/dev/null
  # Established is not served yet: a new CRD's storage answers 429 for a moment after it.
  wait_for "the CRDs' storage" 30 kube-apiserver kubectl get scaledobjects,triggerauthentications,podmonitors,prometheusrules --all-namespaces
  # The worker image when it was saved (make image-save), unless NODE_IMAGES names the archives.
  local images=${NODE_IMAGES-}
  [[ -n ${NODE_IMAGES+x} || ! -s $ROOT/.image/task-backend.oci.tar ]] || images=$ROOT/.image/task-backend.oci.tar
  # shellcheck disable=SC2086 # a list of paths
  [[ ${NODE:-0} == 1 ]] && "$ROOT/scripts/node.sh" up "$STATE" $images
  trap - EXIT
  echo "cluster: up in $(( ($(date +%s%N) - t0) / 1000000 )) ms: https://127.0.0.1:$api_port; KUBECONFIG=$KC"
}

case $cmd in
  up) up ;;
  down) down ;;
  status)
    [[ -n $(running) ]] || { echo "cluster: not running ($STATE)"; exit 3; }
    echo "cluster: PIDs $(running | xargs); KUBECONFIG=$KC"; kubectl get --raw '/readyz?verbose' | tail -n 1 ;;
  *) echo "usage: $0 up|down|status [STATE_DIR]" >&2; exit 2 ;;
esac
