#!/usr/bin/env bash
# Builds the image the rendered Deployments start, task-backend:<chart/Chart.yaml appVersion>, with
# podman, from the context scripts/image-context.sh assembles. Reuses the image when its inputs
# did not change. Installs nothing but Debian's podman packages (when missing, as root).
#
#   scripts/image-build.sh                  build (or reuse) task-backend:<appVersion>
#   scripts/image-build.sh --force          build even if the inputs did not change
#   scripts/image-build.sh --no-cache       build every layer again (podman build --no-cache)
#   scripts/image-build.sh --save FILE      also write it as an OCI archive (containerd imports it)
#
# podman needs the containers.conf this writes (.image/containers.conf); run your own podman
# commands against this image with: export CONTAINERS_CONF=$PWD/.image/containers.conf
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.image
die() { echo "image-build: $*" >&2; exit 1; }
WHO=image-build
# shellcheck source=scripts/image-lib.sh
source scripts/image-lib.sh

force='' save='' nocache=()
while [ $# -gt 0 ]; do
  case $1 in
    --force) force=1 ;;
    --no-cache) force=1 nocache=(--no-cache) ;;
    --save) [ $# -ge 2 ] || die "--save needs a file"; save=$2; shift ;;
    *) die "unknown argument $1 (use --force, --no-cache, --save FILE)" ;;
  esac
  shift
done

VERSION=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' chart/Chart.yaml)
[ -n "$VERSION" ] || die "no appVersion in chart/Chart.yaml"
IMAGE=task-backend:$VERSION

# --- podman and the runtime it will use: Debian packages only, installed when missing.
need=()
for pair in podman:podman buildah:buildah runc:runc newuidmap:uidmap fuse-overlayfs:fuse-overlayfs; do
  command -v "${pair%%:*}" >/dev/null || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null ||
    die "missing ${need[*]}: install them (apt-get install -y ${need[*]}) or run this as root on Debian"
  echo "image-build: installing ${need[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

podman_conf "$OUT"

# One build at a time (the test suite and a person may both ask for the image).
exec 9>"$OUT/lock"
flock 9

ctx=$(scripts/image-context.sh "$OUT/context")
# The inputs, as one digest: every path, mode, link target and file content of the context
# (the Containerfile is in it) plus the version. The image carries it as a label.
inputs=$(cd "$ctx" && {
  echo "$VERSION"
  find . -printf '%y %m %p %l\n' | LC_ALL=C sort
  find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
} | sha256sum | cut -c1-32)
label=io.task-backend.inputs
current=$(podman image inspect --format "{{index .Config.Labels \"$label\"}}" "$IMAGE" 2>/dev/null || true)

if [ "$current" = "$inputs" ] && [ -z "$force" ]; then
  echo "image-build: $IMAGE is up to date (inputs $inputs)" >&2
else
  start=$(date +%s%N)
  before=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
  # --network=none: the build downloads nothing; everything is in the context.
  podman build "${nocache[@]}" --network=none --build-arg "VERSION=$VERSION" --build-arg "INPUTS=$inputs" \
    -t "$IMAGE" -f "$ctx/Containerfile" "$ctx" >&2
  # The image this replaced, now untagged; its build stages stay behind as layer cache
  # (`podman image prune` removes them).
  after=$(podman image inspect --format '{{.Id}}' "$IMAGE")
  if [ -n "$before" ] && [ "$before" != "$after" ]; then podman rmi "$before" >/dev/null 2>&1 || true; fi
  echo "image-build: built $IMAGE in $((($(date +%s%N) - start) / 1000000)) ms (inputs $inputs)" >&2
fi
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "image-build: $IMAGE is $((size / 1000000)) MB ($size bytes)" >&2

if [ -n "$save" ]; then save_archive "$IMAGE" "$save"; fi
echo "$IMAGE"
