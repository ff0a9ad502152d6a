# One entry point for people and CI. `make test` is what .ci/run calls.
SHELL := /bin/bash
NODE_MODULES := node_modules/.package-lock.json
BIN := dist/bin/tb-gen.mjs
# What the build reads: a change to any of these rebuilds, nothing else does. The build reads the
# committed schemas/values.schema.json (to precompile its validator) and never writes it: make schema
# does, from src/values/shape/, and test/values/schema.test.ts fails when the committed file is stale.
BUILD_INPUTS := $(shell find src examples/app -name '*.ts') tsconfig.json package.json schemas/values.schema.json \
	scripts/build-validator.mjs scripts/bundle.mjs scripts/tb-gen-launcher.mjs

.PHONY: install build schema test fuzz test-cluster e2e keda lint format render golden bench bench-image helm chart image image-save celery-image celery-image-save cluster cluster-bin cluster-down crds clean

install: $(NODE_MODULES)
$(NODE_MODULES): package.json package-lock.json
	@npm ci --no-audit --no-fund >&2
	@touch $@

# Build output goes to stderr, so `make render` prints only the manifests on stdout.
build: $(BIN)
$(BIN): $(NODE_MODULES) $(BUILD_INPUTS)
	@rm -rf dist/src
	@npx tsc -p tsconfig.json >&2
	@node scripts/build-validator.mjs >&2
	@node scripts/bundle.mjs >&2

# Renders the brief's values to stdout.
render: $(BIN)
	@node $(BIN) render -f examples/values.yaml

test: build helm cluster-bin crds lint
	npx vitest run

# Only the tests against the real API server (test/cluster/); they start and stop their own cluster.
test-cluster: build helm cluster-bin crds
	npx vitest run --project cluster

# Types of the tests too, typescript-eslint's type-checked rules, and Prettier's formatting.
lint: $(NODE_MODULES)
	npx tsc -p tsconfig.test.json
	npx eslint .
	npx prettier --check .

# The fuzz properties of test/fuzz/ (issue 18) with many more runs than `make test` gives them, on a
# new seed each time (printed first; FUZZ_SEED=N make fuzz replays one). Needs Redis for the worker's.
FUZZ_RUNS ?= 500
fuzz: build
	@seed=$${FUZZ_SEED:-$$(date +%s)}; echo "fuzz seed $$seed, $(FUZZ_RUNS) runs per property"; \
	FUZZ_SEED=$$seed FUZZ_RUNS=$(FUZZ_RUNS) npx vitest run test/fuzz

format: $(NODE_MODULES)
	npx prettier --write .

# Rewrites golden files from the current renderer and output formats; review the diff before committing.
golden: build
	UPDATE=1 npx vitest run test/golden.test.ts test/review/golden.test.ts

bench: build helm cluster-bin crds
	@for f in bench/*.bench.mjs; do echo "== $$f"; node $$f || exit 1; done

# Image build times, size and container start-up (podman); not in `make bench`: it empties the image caches.
bench-image: build
	node bench/image.mjs

# Pinned Helm 3 and Helm 4, built from the Go module proxy into .tools/ (reused when the version matches).
helm:
	scripts/install-helm.sh

# Pinned kube-apiserver, kube-controller-manager, kubectl and etcd in .tools/kube/bin (reused when
# tools/kube is unchanged; ~16 min cold on 2 cores).
cluster-bin:
	scripts/cluster-build.sh

# A cluster on free 127.0.0.1 ports for people: KUBECONFIG=.tools/kube/kubeconfig. Stop it with
# make cluster-down. The tests start one of their own.
cluster: cluster-bin crds
	scripts/cluster.sh up

# KEDA's operator and metrics API server v2.21.0 in .tools/keda/bin, from the Go tools module
# tools/keda (reused when tools/keda is unchanged; ~25 + ~7 min cold on 2 loaded cores).
keda:
	scripts/keda-build.sh

# End to end on a real node (test/e2e/): a cluster with kubelet, kube-scheduler and containerd
# (scripts/node.sh), the worker image, KEDA's operator; helm install, jobs, upgrade, scale to zero,
# eviction, a host Prometheus scraping the pods and firing the backlog alert. The images and the
# chart go through a registry on loopback (test/e2e/publish.ts). Needs root and Debian's
# containerd, containernetworking-plugins, gcc, prometheus, docker-registry and debootstrap
# (.ci/run installs them). Figures go to bench/.out/e2e.json.
e2e: build helm crds keda image celery-image
	NODE=1 scripts/cluster-build.sh
	E2E=1 npx vitest run --project e2e

# The KEDA and Prometheus Operator CRDs, from their pinned Go modules, into .tools/crds.
crds:
	scripts/crds.sh

cluster-down:
	scripts/cluster.sh down

# The image the manifests start, task-backend:<chart appVersion>, built with podman (reused when
# nothing changed; installs Debian's podman packages when missing). test/image/ builds it too.
image: build
	scripts/image-build.sh

# The same image as an OCI archive (`ctr images import` takes it; `make e2e` pushes the image to a registry instead).
image-save: build
	scripts/image-build.sh --save .image/task-backend.oci.tar

# A Python Celery worker image of the example app (examples/celery-app), celery-app:<chart
# appVersion>, from Debian's packages (debootstrap, as root; reused when nothing changed); `make
# e2e` pushes it to its registry (test/e2e/celery.test.ts). celery-image-save also writes it as an
# OCI archive.
celery-image:
	scripts/celery-image-build.sh

celery-image-save:
	scripts/celery-image-build.sh --save .image/celery-app.oci.tar

# schemas/values.schema.json from the typed values shape (src/values/shape/, compiled from source by
# esbuild: no build output is read) and schemas/k8s-definitions.json.
schema: $(NODE_MODULES)
	node scripts/values-schema.mjs

# Regenerates what is derived from src/contract, the values shape and the pinned Kubernetes
# OpenAPI document: schemas/k8s-definitions.json, schemas/values.schema.json,
# its copy chart/values.schema.json, chart/templates/_contract.tpl, the @param descriptions of
# chart/values.yaml, the parameter tables of chart/README.md, the diagnostics table of docs/tb-gen.md
# and docs/chart-map.md (which template mirrors which module, scripts/chart-map.mjs). A test fails
# when any is stale. The build comes after the schema (it precompiles the validator from it) and
# before chart-sync (which reads src/contract's codes under dist/).
chart: $(NODE_MODULES)
	node scripts/k8s-definitions.mjs
	node scripts/values-schema.mjs
	@$(MAKE) --no-print-directory build
	node scripts/chart-sync.mjs

clean:
	rm -rf dist
