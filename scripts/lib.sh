# Shell helpers shared by the scripts that start and stop the test cluster's processes
# (cluster.sh, node.sh, keda.sh) and build its Go binaries (cluster-build.sh, keda-build.sh).
# Sourced, never run. The caller sets WHO (its messages' prefix) and, for the process helpers,
# STATE, PIDS and LOGS.

# Usage: die MESSAGE -> prints "WHO: MESSAGE" on stderr and exits 1
die() { echo "$WHO: $*" >&2; exit 1; }

# Usage: ours PID -> true while PID's command line names $STATE/, so a recorded PID that the
# system has reused for another process is never signalled.
ours() { [[ -r /proc/$1/cmdline ]] && tr '\0' ' ' < "/proc/$1/cmdline" | grep -qF -- "$STATE/"; }

# Usage: start NAME BINARY ARGS... -> runs in the background, PID appended to $PIDS, output in $LOGS/NAME.log
start() {
  local name=$1; shift
  nohup "$@" </dev/null >"$LOGS/$name.log" 2>&1 &
  echo "$name $!" >> "$PIDS"
}

# Usage: alive NAME -> fails with the end of its log when NAME's last recorded process has exited.
# Not `ours`: just after `start` the PID may still be the forked shell, before it execs the binary
# (seen on a loaded machine); a process started seconds ago is ours while it lives.
alive() {
  local pid state; pid=$(awk -v n="$1" '$1 == n { print $2 }' "$PIDS" | tail -n 1)
  state=$(ps -o stat= -p "$pid" 2>/dev/null) && [[ $state != Z* ]] ||
    { tail -n 20 "$LOGS/$1.log" >&2; die "$1 exited during start-up (log: $LOGS/$1.log)"; }
}

# Usage: wait_for WHAT SECONDS NAME COMMAND... -> polls COMMAND until it succeeds; fails when the
# process NAME exits or SECONDS pass.
wait_for() {
  local what=$1 secs=$2 proc=$3; shift 3
  local deadline=$(( $(date +%s) + secs ))
  until "$@" >/dev/null 2>&1; do
    alive "$proc"
    (( $(date +%s) < deadline )) || die "$what not ready after ${secs} s (log: $LOGS/$proc.log)"
    sleep 0.2
  done
}

# Usage: free_ports N -> N distinct free loopback ports, held open together so that they differ
free_ports() {
  node -e '
    const net = require("node:net"); const n = Number(process.argv[1]); const servers = [];
    const next = () => servers.length === n
      ? (console.log(servers.map((s) => s.address().port).join(" ")), servers.forEach((s) => s.close()))
      : servers.push(net.createServer().listen(0, "127.0.0.1", next));
    next();' "$1"
}

# Usage: go_build_stamped MODULE_DIR BIN_DIR STAMP VERSION LDFLAGS NAME PACKAGE -> builds PACKAGE
# of the Go module in MODULE_DIR into BIN_DIR/NAME, unless BIN_DIR/NAME.stamp already holds STAMP
# (the hash of what the module pins), under nice so other work keeps its share of the machine.
go_build_stamped() {
  local mod=$1 bin=$2 stamp=$3 version=$4 ldflags=$5 name=$6 pkg=$7 t0
  if [[ -x "$bin/$name" && "$(cat "$bin/$name.stamp" 2>/dev/null)" == "$stamp" ]]; then
    echo "$name $version: reusing $bin/$name"
    return
  fi
  echo "$name $version: building into $bin/$name"
  t0=$(date +%s)
  (cd "$mod" && CGO_ENABLED=0 GOFLAGS=-buildvcs=false nice -n 10 \
    go build -trimpath -ldflags "$ldflags" -o "$bin/$name.tmp" "$pkg")
  mv "$bin/$name.tmp" "$bin/$name"
  echo "$stamp" > "$bin/$name.stamp"
  echo "$name: built in $(( $(date +%s) - t0 )) s"
}

# Usage: module_version GO_MOD MODULE -> the version GO_MOD requires MODULE at (the one pin)
module_version() {
  local re=${2//./\\.}
  sed -n "s|^[[:space:]]*$re \(v[0-9.]*\).*|\1|p" "$1" | head -n 1
}

# Usage: module_dir MODULE@VERSION -> its directory in the Go module cache, downloaded if need be
# (`go mod download` wants a module context: an empty temporary one is enough)
module_dir() {
  local tmp dir; tmp=$(mktemp -d)
  dir=$(cd "$tmp" && go mod init scratch >/dev/null 2>&1 &&
    GOFLAGS=-mod=mod go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')
  rm -rf "$tmp"
  echo "$dir"
}
