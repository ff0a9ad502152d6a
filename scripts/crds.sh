#!/usr/bin/env bash
# Copies the CustomResourceDefinitions tb-gen renders objects for, pinned, from the Go module proxy
# (never hand-copied) into .tools/crds/: KEDA's ScaledObject and TriggerAuthentication, and the
# Prometheus Operator's PodMonitor and PrometheusRule. The tests validate rendered objects against
# their schemas and install them into the test cluster. Reused when present.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WHO=crds
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
OUT="$ROOT/.tools/crds"
# KEDA's CRDs come from the version tools/keda builds the operator from (scripts/keda-build.sh).
KEDA=github.com/kedacore/keda/v2@$(module_version "$ROOT/tools/keda/go.mod" github.com/kedacore/keda/v2)
PROM=github.com/prometheus-operator/prometheus-operator@v0.85.0
declare -A FILES=(
  [keda.sh_scaledobjects.yaml]="$KEDA config/crd/bases"
  [keda.sh_triggerauthentications.yaml]="$KEDA config/crd/bases"
  [monitoring.coreos.com_podmonitors.yaml]="$PROM example/prometheus-operator-crd"
  [monitoring.coreos.com_prometheusrules.yaml]="$PROM example/prometheus-operator-crd"
)
# A new pin replaces what an older one copied.
if [[ "$(cat "$OUT/.versions" 2>/dev/null)" != "$KEDA $PROM" ]]; then rm -rf "$OUT"; fi
mkdir -p "$OUT"
echo "$KEDA $PROM" > "$OUT/.versions"
for file in "${!FILES[@]}"; do
  [[ -s "$OUT/$file" ]] && continue
  read -r module dir <<<"${FILES[$file]}"
  command -v go >/dev/null || die "go is not on PATH (needed to fetch $module)"
  src=$(module_dir "$module")
  [[ -n $src && -s "$src/$dir/$file" ]] || die "$file not found in $module"
  cp "$src/$dir/$file" "$OUT/$file.tmp" && mv "$OUT/$file.tmp" "$OUT/$file"
  echo "crds: $file from $module"
done
