#!/usr/bin/env bash
# KEDA's operator (.tools/keda/bin/keda, scripts/keda-build.sh) as a host process against the
# test cluster of STATE (scripts/cluster.sh): KEDA's CRDs from the pinned module, a `keda`
# namespace, certificates made with openssl, every listener on a free 127.0.0.1 port.
#   scripts/keda.sh start STATE   waits for the operator's /readyz
#   scripts/keda.sh stop STATE    stops exactly the process `start` recorded, by PID
# The operator scales a ScaledObject's Deployment between 0 and 1 by itself; scaling past one
# replica goes through the HPA and KEDA's metrics API server, started too when it was built
# (scripts/keda-build.sh keda-adapter).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WHO=keda
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
cmd=${1:-}
[[ -n ${2:-} ]] || { echo "usage: $0 start|stop STATE" >&2; exit 2; }
STATE=$(cd "$2" && pwd)
K="$STATE/keda" KC="$STATE/kubeconfig" PIDS="$STATE/pids" LOGS="$STATE/logs"
KEDA="$ROOT/.tools/keda/bin/keda" ADAPTER="$ROOT/.tools/keda/bin/keda-adapter"
NS=keda

kubectl() { "$ROOT/.tools/kube/bin/kubectl" --kubeconfig "$KC" --request-timeout=10s "$@"; }

# The CRDs of the module the operator was built from (all of config/crd/bases: the operator
# watches ScaledJobs and CloudEventSources too, and will not start without them).
crds() {
  local version dir
  version=$(module_version "$ROOT/tools/keda/go.mod" github.com/kedacore/keda/v2)
  dir=$(module_dir "github.com/kedacore/keda/v2@$version")
  [[ -d $dir/config/crd/bases ]] || die "no config/crd/bases in github.com/kedacore/keda/v2@$version"
  kubectl apply --server-side --force-conflicts --field-manager=keda.sh -f "$dir/config/crd/bases" >/dev/null
  kubectl wait --for=condition=Established --timeout=30s -f "$dir/config/crd/bases" >/dev/null
}

certs() { # ca.crt, tls.crt, tls.key in $K/certs: the operator reads them, and rotates nothing
  mkdir -p "$K/certs"
  (
    cd "$K/certs"
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
      -subj /CN=keda-test-ca -days 30 -addext basicConstraints=critical,CA:TRUE 2>/dev/null
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout tls.key -out tls.csr -subj /CN=keda-operator 2>/dev/null
    openssl x509 -req -in tls.csr -CA ca.crt -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" -days 30 -out tls.crt \
      -extfile <(printf 'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:keda-operator.%s.svc\nextendedKeyUsage=serverAuth,clientAuth\n' "$NS") 2>/dev/null
    rm -f tls.csr
  )
}

start() {
  [[ -x $KEDA ]] || die "$KEDA is missing: scripts/keda-build.sh (make keda; ~20 min cold)"
  [[ -s $KC ]] || die "no cluster in $STATE: scripts/cluster.sh up first"
  local pid; pid=$(awk '$1 == "keda" { print $2 }' "$PIDS" 2>/dev/null | tail -n 1)
  [[ -n $pid ]] && ours "$pid" && { echo "keda: already running (PID $pid)"; return; }
  local t0; t0=$(date +%s%N)
  mkdir -p "$K" "$LOGS"
  crds
  kubectl get namespace "$NS" >/dev/null 2>&1 || kubectl create namespace "$NS" >/dev/null
  certs
  local metrics health grpc
  read -r metrics health grpc <<< "$(free_ports 3)"
  echo "$grpc" > "$K/grpc-port"
  WATCH_NAMESPACE="" KEDA_CLUSTER_OBJECT_NAMESPACE=$NS POD_NAMESPACE=$NS POD_NAME=keda-operator-host KUBECONFIG="$KC" \
    nohup "$KEDA" --leader-elect=false --enable-cert-rotation=false \
    --metrics-bind-address="127.0.0.1:$metrics" --health-probe-bind-address="127.0.0.1:$health" \
    --metrics-service-bind-address="127.0.0.1:$grpc" --cert-dir="$K/certs" --ca-dir="$K/certs" \
    --zap-log-level=info --zap-encoder=console </dev/null >"$LOGS/keda.log" 2>&1 &
  echo "keda $!" >> "$PIDS"
  pid=$!
  local deadline=$(( $(date +%s) + 90 ))
  until node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$health/readyz" >/dev/null 2>&1; do
    ours "$pid" || { tail -n 30 "$LOGS/keda.log" >&2; die "the operator exited (log: $LOGS/keda.log)"; }
    (( $(date +%s) < deadline )) || die "the operator is not ready after 90 s (log: $LOGS/keda.log)"
    sleep 0.2
  done
  echo "keda: operator ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms (PID $pid, log $LOGS/keda.log)"
  if [[ -x $ADAPTER ]]; then adapter "$grpc"; fi
}

# KEDA's metrics API server (keda-adapter) behind the aggregation layer, when it was built: the
# HPA KEDA creates reads external.metrics.k8s.io through it, so a worker scales past one replica.
# The APIService names an ExternalName Service `localhost`: the API server reaches it on loopback.
adapter() { # grpc_port
  local t0; t0=$(date +%s%N)
  local secure metrics profiling
  read -r secure metrics profiling <<< "$(free_ports 3)"
  WATCH_NAMESPACE="" KEDA_CLUSTER_OBJECT_NAMESPACE=$NS POD_NAMESPACE=$NS KUBECONFIG="$KC" \
    nohup "$ADAPTER" --secure-port="$secure" --bind-address=127.0.0.1 --cert-dir="$K/certs" \
    --tls-cert-file="$K/certs/tls.crt" --tls-private-key-file="$K/certs/tls.key" \
    --kubeconfig="$KC" --lister-kubeconfig="$KC" --authentication-kubeconfig="$KC" --authorization-kubeconfig="$KC" \
    --metrics-service-address="127.0.0.1:$1" --port="$metrics" --profiling-bind-address="127.0.0.1:$profiling" \
    --zap-encoder=console </dev/null >"$LOGS/keda-adapter.log" 2>&1 &
  echo "keda-adapter $!" >> "$PIDS"
  local pid=$!
  kubectl apply --server-side --field-manager=keda.sh -f - >/dev/null <<YAML
apiVersion: v1
kind: Service
metadata: { name: keda-metrics-apiserver, namespace: $NS }
spec: { type: ExternalName, externalName: localhost, ports: [{ name: https, port: $secure }] }
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: { name: v1beta1.external.metrics.k8s.io }
spec:
  group: external.metrics.k8s.io
  version: v1beta1
  groupPriorityMinimum: 100
  versionPriority: 100
  insecureSkipTLSVerify: true
  service: { name: keda-metrics-apiserver, namespace: $NS, port: $secure }
YAML
  local deadline=$(( $(date +%s) + 90 ))
  until kubectl get --raw /apis/external.metrics.k8s.io/v1beta1 >/dev/null 2>&1; do
    ours "$pid" || { tail -n 30 "$LOGS/keda-adapter.log" >&2; die "the metrics API server exited (log: $LOGS/keda-adapter.log)"; }
    (( $(date +%s) < deadline )) || die "external.metrics.k8s.io not served after 90 s (log: $LOGS/keda-adapter.log)"
    sleep 0.2
  done
  echo "keda: metrics API server ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms (PID $pid, log $LOGS/keda-adapter.log)"
}

stop() {
  [[ -f $PIDS ]] || return 0
  local pid
  kubectl delete apiservice v1beta1.external.metrics.k8s.io --ignore-not-found >/dev/null 2>&1 || true
  for pid in $(awk '$1 == "keda-adapter" || $1 == "keda" { print $2 }' "$PIDS"); do
    ours "$pid" || continue
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do ours "$pid" || break; sleep 0.1; done
    ours "$pid" && kill -KILL "$pid" 2>/dev/null || true
    echo "keda: stopped PID $pid"
  done
  sed -i '/^keda /d; /^keda-adapter /d' "$PIDS"
  rm -rf "$K"
}

case $cmd in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop STATE" >&2; exit 2 ;;
esac
