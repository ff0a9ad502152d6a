#!/usr/bin/env bash
# Builds KEDA's operator (keda) and its metrics API server (keda-adapter) into
# .tools/keda/bin from tools/keda, a Go module of its own that requires github.com/kedacore/keda/v2
# as Go tools. A binary is reused when it was built from the same tools/keda/go.mod and go.sum (a
# stamp beside it). Cold: about 20 min on 2 loaded cores; warm Go caches: seconds.
# Usage: scripts/keda-build.sh [keda|keda-adapter]...   (default: both)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WHO=keda-build
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
MOD="$ROOT/tools/keda"
BIN="$ROOT/.tools/keda/bin"
VERSION=$(module_version "$MOD/go.mod" github.com/kedacore/keda/v2)
[[ -n $VERSION ]] || die "no github.com/kedacore/keda/v2 version in $MOD/go.mod"
command -v go >/dev/null || die "go is not on PATH"

declare -A PKG=(
  [keda]=github.com/kedacore/keda/v2/cmd/operator
  [keda-adapter]=github.com/kedacore/keda/v2/cmd/adapter
)
wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || wanted=(keda keda-adapter)

# The operator logs and reports the version it was built as, as KEDA's own Makefile sets it.
ldflags="-s -w -X github.com/kedacore/keda/v2/version.Version=$VERSION -X github.com/kedacore/keda/v2/version.GitCommit=module"
# Relative names: sha256sum prints each file's name, and the stamp must not depend on where the
# checkout is (a git worktree shares .tools/ with the main one).
stamp=$(cd "$MOD" && sha256sum go.sum go.mod | sha256sum | cut -c1-16)
mkdir -p "$BIN"
for name in "${wanted[@]}"; do
  pkg=${PKG[$name]:-}
  [[ -n $pkg ]] || { echo "keda-build: unknown binary '$name' (known: ${!PKG[*]})" >&2; exit 2; }
  go_build_stamped "$MOD" "$BIN" "$stamp" "$VERSION" "$ldflags" "$name" "$pkg"
done
