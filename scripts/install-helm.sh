#!/usr/bin/env bash
# Builds the pinned Helm 3 and Helm 4 into .tools/helm3/helm and .tools/helm4/helm with
# `go install` from the Go module proxy (Helm is not an npm or Debian package), the way Helm's own
# Makefile does: version and default Kubernetes version are set with -ldflags, so `helm version`
# prints the exact pin and `helm template`/`helm lint` assume the Kubernetes minor Helm was built
# against (a bare `go install` would report "v3.22" and assume Kubernetes 1.20).
# A binary that already reports the pinned version is reused, and a major that $HELM or $HELM4
# already provides is skipped (the tests use those first). Usage: scripts/install-helm.sh [3|4]...
set -euo pipefail

HELM3_VERSION=v3.22.0
HELM4_VERSION=v4.3.1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOOLS="$ROOT/.tools"

have_version() { # bin version -> 0 when bin exists and reports exactly version
  [[ -x "$1" ]] && [[ "$("$1" version --template '{{.Version}}' 2>/dev/null)" == "$2" ]]
}

client_go_minor() { # module@version -> the k8s.io/client-go minor it was built against (0.37.x -> 37)
  local gomod
  gomod=$(go mod download -json "$1" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",\{0,1\}$/\1/p')
  sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$gomod" | head -n 1
}

from_env() { # major -> 0 when $HELM or $HELM4 already is a Helm of that major (tests use it first)
  local var
  for var in HELM HELM4; do
    local bin=${!var:-}
    [[ -n $bin && -x $bin ]] || continue
    if [[ "$("$bin" version --template '{{.Version}}' 2>/dev/null)" == v$1.* ]]; then
      echo "helm v$1: using \$$var=$bin"
      return 0
    fi
  done
  return 1
}

build() { # major version
  local major=$1 version=$2 module="helm.sh/helm/v$1"
  local bin="$TOOLS/helm$major/helm"
  from_env "$major" && return
  if have_version "$bin" "$version"; then
    echo "helm $version: reusing $bin"
    return
  fi
  command -v go >/dev/null || { echo "install-helm: go is not on PATH; install Go or set HELM=/path/to/helm" >&2; exit 1; }
  local ldflags="-s -w -X $module/internal/version.version=$version"
  if [[ $major == 3 ]]; then # Helm 4 reads the Kubernetes version at run time; Helm 3 needs it here
    local minor
    minor=$(client_go_minor "$module@$version")
    [[ -n $minor ]] || { echo "install-helm: cannot read k8s.io/client-go from $module@$version" >&2; exit 1; }
    for pkg in pkg/chartutil pkg/lint/rules; do
      ldflags+=" -X $module/$pkg.k8sVersionMajor=1 -X $module/$pkg.k8sVersionMinor=$minor"
    done
  fi
  echo "helm $version: building into $bin (go install, a few minutes on a cold cache)"
  mkdir -p "$(dirname "$bin")"
  GOBIN="$(dirname "$bin")" CGO_ENABLED=0 GOFLAGS=-buildvcs=false \
    go install -trimpath -ldflags "$ldflags" "$module/cmd/helm@$version"
  have_version "$bin" "$version" || { echo "install-helm: $bin does not report $version" >&2; exit 1; }
}

majors=("$@")
[[ ${#majors[@]} -gt 0 ]] || majors=(3 4)
for m in "${majors[@]}"; do
  case $m in
    3) build 3 "$HELM3_VERSION" ;;
    4) build 4 "$HELM4_VERSION" ;;
    *) echo "usage: $0 [3|4]..." >&2; exit 2 ;;
  esac
done
