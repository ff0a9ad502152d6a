# One entry point for people and CI. `make test` is what .ci/run calls.
SHELL := /bin/bash
NODE_MODULES := node_modules/.package-lock.json

.PHONY: install build test render golden bench bench-image helm chart image image-save clean

install: $(NODE_MODULES)
$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

build: install
	npx tsc -p tsconfig.json
	node scripts/build-validator.mjs
	node scripts/bundle.mjs

# Renders the brief's values to stdout.
render: build
	node dist/bin/tb-gen.mjs render -f examples/values.yaml

test: build helm
	npx vitest run

# Rewrites golden files from the current renderer; review the diff before committing.
golden: build
	UPDATE=1 npx vitest run test/golden.test.ts

bench: build
	@for f in bench/*.bench.mjs; do echo "== $$f"; node $$f || exit 1; done

# Image build times, size and container start-up (podman); not in `make bench`: it empties the image caches.
bench-image: build
	node bench/image.mjs

# Pinned Helm 3 and Helm 4, built from the Go module proxy into .tools/ (reused when the version matches).
helm:
	scripts/install-helm.sh

# The image the manifests start, task-backend:<chart appVersion>, built with podman (reused when
# nothing changed; installs Debian's podman packages when missing). test/image/ builds it too.
image: build
	scripts/image-build.sh

# The same image as an OCI archive, for `ctr images import`.
image-save: build
	scripts/image-build.sh --save .image/task-backend.oci.tar

# Copies schemas/values.schema.json into chart/ and regenerates chart/README.md's parameter tables.
chart:
	node scripts/chart-sync.mjs

clean:
	rm -rf dist
