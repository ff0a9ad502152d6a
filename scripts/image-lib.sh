# Shell helpers shared by the image builds (image-build.sh, celery-image-build.sh). Sourced, never
# run. The caller sets WHO (its messages' prefix) and has its own `die`.

# Usage: chart_version -> the chart's appVersion, the tag of every image this repository builds.
chart_version() {
  local v; v=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' chart/Chart.yaml)
  [ -n "$v" ] || die "no appVersion in chart/Chart.yaml"
  echo "$v"
}

# Usage: podman_conf DIR -> writes DIR/containers.conf and exports CONTAINERS_CONF (unless set).
# Our own containers.conf instead of editing /etc/containers: on this kind of machine crun fails
# ("cgroups in hybrid mode not supported"), root lacks CAP_SYS_RESOURCE so podman's default
# ulimits fail ("error setting rlimit type 7"), and there may be no systemd journal for events
# and logs. These settings also work where none of that is true. Written through a rename: the
# other build may be running podman with it.
podman_conf() {
  mkdir -p "$1"
  cat >"$1/containers.conf.$$" <<'EOF'
# Written by scripts/image-lib.sh; used through CONTAINERS_CONF.
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
log_driver = "k8s-file"

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
EOF
  mv "$1/containers.conf.$$" "$1/containers.conf"
  export CONTAINERS_CONF=${CONTAINERS_CONF:-$PWD/$1/containers.conf}
}

# Usage: save_archive IMAGE FILE -> FILE, an OCI archive of IMAGE named docker.io/library/IMAGE.
# Kubernetes reads a rendered `image: name:<v>` as docker.io/library/name:<v>, so the archive
# carries that name: `ctr -n k8s.io images import` then gives the kubelet the image it asks for.
# The extra tag lives only while saving (two names would make podman's short name ambiguous).
save_archive() {
  local ref=docker.io/library/$1
  rm -f "$2"
  podman tag "$1" "$ref"
  trap "podman untag '$1' '$ref' 2>/dev/null || true" EXIT
  podman save --format oci-archive -o "$2" "$ref"
  echo "$WHO: wrote $2 as $ref ($(du -m "$2" | cut -f1) MB)" >&2
}
