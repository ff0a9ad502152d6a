# One entry point for people and CI. `make test` is what .ci/run calls.
SHELL := /bin/bash
NODE_MODULES := node_modules/.package-lock.json

.PHONY: install build test test-cluster render golden bench helm chart cluster cluster-bin cluster-down clean

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

test: build helm cluster-bin
	npx vitest run

# Only the tests against the real API server (test/cluster/); they start and stop their own cluster.
test-cluster: build helm cluster-bin
	npx vitest run --project cluster

# Rewrites golden files from the current renderer; review the diff before committing.
golden: build
	UPDATE=1 npx vitest run test/golden.test.ts

bench: build helm cluster-bin
	@for f in bench/*.bench.mjs; do echo "== $$f"; node $$f || exit 1; done

# Pinned Helm 3 and Helm 4, built from the Go module proxy into .tools/ (reused when the version matches).
helm:
	scripts/install-helm.sh

# Pinned kube-apiserver, kube-controller-manager, kubectl and etcd in .tools/kube/bin (reused when
# tools/kube is unchanged; ~16 min cold on 2 cores).
cluster-bin:
	scripts/cluster-build.sh

# A cluster on free 127.0.0.1 ports for people: KUBECONFIG=.tools/kube/kubeconfig. Stop it with
# make cluster-down. The tests start one of their own.
cluster: cluster-bin
	scripts/cluster.sh up

cluster-down:
	scripts/cluster.sh down

# Copies schemas/values.schema.json into chart/ and regenerates chart/README.md's parameter tables.
chart:
	node scripts/chart-sync.mjs

clean:
	rm -rf dist
