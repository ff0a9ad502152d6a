#!/usr/bin/env bash
# Copies the CustomResourceDefinitions tb-gen renders objects for, pinned, from the Go module proxy
# (never hand-copied) into .tools/crds/: KEDA's ScaledObject and TriggerAuthentication, and the
# Prometheus Operator's PodMonitor. The tests validate rendered objects against their schemas and
# install them into the test cluster. Reused when present.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/.tools/crds"
KEDA=github.com/kedacore/keda/v2@v2.21.0
PROM=github.com/prometheus-operator/prometheus-operator@v0.85.0
declare -A FILES=(
  [keda.sh_scaledobjects.yaml]="$KEDA config/crd/bases"
  [keda.sh_triggerauthentications.yaml]="$KEDA config/crd/bases"
  [monitoring.coreos.com_podmonitors.yaml]="$PROM example/prometheus-operator-crd"
)
# A new pin replaces what an older one copied.
if [[ "$(cat "$OUT/.versions" 2>/dev/null)" != "$KEDA $PROM" ]]; then rm -rf "$OUT"; fi
mkdir -p "$OUT"
echo "$KEDA $PROM" > "$OUT/.versions"
for file in "${!FILES[@]}"; do
  [[ -s "$OUT/$file" ]] && continue
  read -r module dir <<<"${FILES[$file]}"
  command -v go >/dev/null || { echo "crds: go is not on PATH (needed to fetch $module)" >&2; exit 1; }
  # `go mod download` needs a module context; an empty temporary one is enough.
  tmp=$(mktemp -d)
  src=$(cd "$tmp" && go mod init crds >/dev/null 2>&1 && GOFLAGS=-mod=mod go mod download -json "$module" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  rm -rf "$tmp"
  [[ -n $src && -s "$src/$dir/$file" ]] || { echo "crds: $file not found in $module" >&2; exit 1; }
  cp "$src/$dir/$file" "$OUT/$file.tmp" && mv "$OUT/$file.tmp" "$OUT/$file"
  echo "crds: $file from $module"
done
