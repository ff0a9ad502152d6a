#!/usr/bin/env bash
# Builds the pinned test-cluster binaries into .tools/kube/bin from tools/kube (a Go module that
# requires k8s.io/kubernetes and replaces each staging module with its published version):
# kube-apiserver, kube-controller-manager, kubectl and etcd, plus kubelet and kube-scheduler with
# NODE=1. A binary is reused when it was built from the same tools/kube/go.sum (a stamp beside it).
# Cold: about a quarter of an hour on 2 cores; warm Go caches: about a minute.
# Usage: scripts/cluster-build.sh [binary...]
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WHO=cluster-build
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
MOD="$ROOT/tools/kube"
BIN="$ROOT/.tools/kube/bin"
KUBE_VERSION=$(module_version "$MOD/go.mod" k8s.io/kubernetes)
[[ -n $KUBE_VERSION ]] || die "no k8s.io/kubernetes version in $MOD/go.mod"
minor=${KUBE_VERSION#v1.}; minor=${minor%%.*}
command -v go >/dev/null || die "go is not on PATH"

# /version reports the pinned version, as a release build would (a module build has no git data).
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
done

declare -A PKG=(
  [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kube-controller-manager]=k8s.io/kubernetes/cmd/kube-controller-manager
  [kubectl]=k8s.io/kubernetes/cmd/kubectl
  [kubelet]=k8s.io/kubernetes/cmd/kubelet
  [kube-scheduler]=k8s.io/kubernetes/cmd/kube-scheduler
  [etcd]=./etcd
)
wanted=("$@")
if [[ ${#wanted[@]} -eq 0 ]]; then
  wanted=(etcd kubectl kube-apiserver kube-controller-manager)
  [[ ${NODE:-0} == 1 ]] && wanted+=(kube-scheduler kubelet)
fi

# Relative names: sha256sum prints each file's name, and the stamp must not depend on where the
# checkout is (a git worktree shares .tools/ with the main one).
stamp=$(cd "$MOD" && sha256sum go.sum go.mod etcd/main.go | sha256sum | cut -c1-16)
mkdir -p "$BIN"
for name in "${wanted[@]}"; do
  pkg=${PKG[$name]:-}
  [[ -n $pkg ]] || { echo "cluster-build: unknown binary '$name' (known: ${!PKG[*]})" >&2; exit 2; }
  go_build_stamped "$MOD" "$BIN" "$stamp" "$KUBE_VERSION" "$ldflags" "$name" "$pkg"
done
