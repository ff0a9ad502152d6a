#!/usr/bin/env bash
# Builds a Python Celery worker image, celery-app:<chart/Chart.yaml appVersion>, from Debian's
# packages and no registry: a `debootstrap --variant=minbase` bookworm root with python3-celery,
# python3-redis and python3-yaml, the example app (examples/celery-app) and its task catalogue
# (examples/app/tasks.yaml) in /app, user 1000, imported into podman as one layer. The root is
# cached (.image/celery-root.tar) while the package list and the apt mirror stay the same; the image
# is reused while that root and the app stay the same.
#
#   scripts/celery-image-build.sh               build (or reuse) celery-app:<appVersion>
#   scripts/celery-image-build.sh --force       build the root and the image again
#   scripts/celery-image-build.sh --save FILE   also write it as an OCI archive (containerd imports it)
#
# Needs root (debootstrap), debootstrap and podman (Debian packages), and the apt mirror of
# /etc/apt/sources.list.d/debian.sources (else deb.debian.org).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=.image
die() { echo "celery-image-build: $*" >&2; exit 1; }
WHO=celery-image-build
# shellcheck source=scripts/image-lib.sh
source scripts/image-lib.sh

force='' save=''
while [ $# -gt 0 ]; do
  case $1 in
    --force) force=1 ;;
    --save) [ $# -ge 2 ] || die "--save needs a file"; save=$2; shift ;;
    *) die "unknown argument $1 (use --force, --save FILE)" ;;
  esac
  shift
done

VERSION=$(chart_version)
IMAGE=celery-app:$VERSION
SUITE=bookworm
# python3-yaml: kombu only recommends it, and the app reads its routes from the YAML catalogue.
PACKAGES=python3-celery,python3-redis,python3-yaml
MIRROR=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n 1)
MIRROR=${MIRROR:-http://deb.debian.org/debian}

for tool in debootstrap podman runc; do
  command -v "$tool" >/dev/null || die "missing $tool: apt-get install -y $tool"
done
[ "$(id -u)" = 0 ] || die "debootstrap needs root: run this as root"

podman_conf "$OUT"

# One build at a time (its own lock: image-build.sh may run beside it).
exec 9>"$OUT/celery-lock"
flock 9

# The root: debootstrap's minimal base plus the packages, apt's lists, caches and the docs removed.
root_key=$(printf '%s\n' "$SUITE" "$PACKAGES" "$MIRROR" | sha256sum | cut -c1-32)
root_tar=$OUT/celery-root.tar
if [ -n "$force" ] || [ "$(cat "$root_tar.key" 2>/dev/null)" != "$root_key" ] || [ ! -s "$root_tar" ]; then
  start=$(date +%s%N)
  dir=$(mktemp -d "$PWD/$OUT/celery-root.XXXXXX")
  trap 'rm -rf "$dir"' EXIT
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$dir" "$MIRROR" >"$OUT/celery-debootstrap.log" 2>&1 ||
    { tail -n 20 "$OUT/celery-debootstrap.log" >&2; die "debootstrap failed (log: $OUT/celery-debootstrap.log)"; }
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/* "$dir"/var/cache/debconf/*-old \
    "$dir"/usr/share/doc "$dir"/usr/share/man "$dir"/usr/share/info "$dir"/usr/share/locale "$dir"/var/log/*
  find "$dir/usr/lib/python3" -name __pycache__ -prune -exec rm -rf {} +
  # Debian ships `python3 -m celery` but no `celery` program; the rendered command line runs `celery`.
  printf '#!/bin/sh\nexec /usr/bin/python3 -m celery "$@"\n' >"$dir/usr/local/bin/celery"
  chmod 755 "$dir/usr/local/bin/celery"
  echo 'app:x:1000:1000:celery app:/app:/usr/sbin/nologin' >>"$dir/etc/passwd"
  echo 'app:x:1000:' >>"$dir/etc/group"
  tar --numeric-owner -C "$dir" -cf "$root_tar" .
  echo "$root_key" >"$root_tar.key"
  rm -rf "$dir"
  trap - EXIT
  echo "celery-image-build: debootstrap root in $((($(date +%s%N) - start) / 1000000)) ms" >&2
fi

# The image's inputs: the root, the app, the catalogue, the version and this script.
inputs=$({
  echo "$VERSION"
  cat "$root_tar.key" scripts/celery-image-build.sh examples/app/tasks.yaml
  (cd examples/celery-app && find . -name __pycache__ -prune -o -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum)
} | sha256sum | cut -c1-32)
label=io.task-backend.inputs
current=$(podman image inspect --format "{{index .Config.Labels \"$label\"}}" "$IMAGE" 2>/dev/null || true)

if [ "$current" = "$inputs" ] && [ -z "$force" ]; then
  echo "celery-image-build: $IMAGE is up to date (inputs $inputs)" >&2
else
  start=$(date +%s%N)
  app=$(mktemp -d "$PWD/$OUT/celery-app.XXXXXX")
  trap 'rm -rf "$app"' EXIT
  mkdir -p "$app/app"
  tar -C examples/celery-app --exclude=__pycache__ -cf - . | tar -C "$app/app" -xf -
  cp examples/app/tasks.yaml "$app/app/tasks.yaml"
  chmod -R a+rX,go-w "$app/app"
  cp "$root_tar" "$app/image.tar"
  tar --numeric-owner --owner=0 --group=0 -C "$app" -rf "$app/image.tar" ./app
  before=$(podman image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)
  # The read-only root of Pod Security restricted: no .pyc written, and HOME on the /tmp volume.
  podman import \
    --change 'USER 1000:1000' --change 'WORKDIR /app' \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' --change 'ENV HOME=/tmp' \
    --change 'ENV PYTHONDONTWRITEBYTECODE=1' --change 'ENV PYTHONUNBUFFERED=1' \
    --change 'ENV TASKS_CATALOGUE=/app/tasks.yaml' \
    --change "LABEL $label=$inputs" --change 'CMD ["celery", "--version"]' \
    "$app/image.tar" "$IMAGE" >/dev/null
  rm -rf "$app"
  trap - EXIT
  after=$(podman image inspect --format '{{.Id}}' "$IMAGE")
  if [ -n "$before" ] && [ "$before" != "$after" ]; then podman rmi "$before" >/dev/null 2>&1 || true; fi
  echo "celery-image-build: built $IMAGE in $((($(date +%s%N) - start) / 1000000)) ms (inputs $inputs)" >&2
fi
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "celery-image-build: $IMAGE is $((size / 1000000)) MB ($size bytes)" >&2

if [ -n "$save" ]; then save_archive "$IMAGE" "$save"; fi
echo "$IMAGE"
