# Entry points for people and CI. `make test` is the one command that sets up a fresh Debian
# machine (Debian packages, npm packages) and runs every check; `make demo` runs the main job.
SHELL := /bin/bash
# Local binaries directly: quicker than npx, and no npm chatter in the output.
NPX := node_modules/.bin

.PHONY: all setup build typecheck test test-live unit bench bench-xen demo clean

all: build

setup:
	@scripts/setup-deps.sh

build:
	@$(NPX)/tsx scripts/build.ts

typecheck:
	@$(NPX)/tsc --noEmit -p .

# Everything a clean clone needs, then the type check, the build and the whole test suite.
test: setup
	@$(MAKE) --no-print-directory typecheck build
	@mkdir -p .work; rm -f .work/vitest-results.json; status=0; \
	  $(NPX)/vitest run --reporter=default --reporter=json --outputFile.json=.work/vitest-results.json || status=$$?; \
	  $(NPX)/tsx scripts/test-summary.ts .work/vitest-results.json || status=1; \
	  exit $$status

# The live systemd guest on real Xen (test/xen-vm/live, ~13 min of VM time); not yet in `make test`.
test-live: setup build
	@OVM_LIVE_VM=1 $(NPX)/vitest run test/xen-vm/live/live.test.ts

# The test suite alone, for a machine that is already set up.
unit:
	@$(NPX)/vitest run

bench: setup build
	@$(NPX)/tsx scripts/bench/run.ts

# One boot of the real-Xen VM (test/xen-vm): pickup latency and reads/s inside it, ovmd and the
# project client side by side with the C xenstore tools; the last line is one JSON object.
bench-xen: setup build
	@$(NPX)/tsx scripts/bench/xen.bench.ts

demo: setup build
	@$(NPX)/tsx scripts/demo.ts

clean:
	rm -rf dist .work coverage

# Packaging (docs/packaging.md): man pages and bash completion rendered from the option
# declarations, the source tarball carrying the built bundles, and every RPM built from it.
.PHONY: man completion dist rpm

man:
	@$(NPX)/tsx scripts/man.ts

completion:
	@$(NPX)/tsx scripts/completion.ts

dist: build man completion
	@$(NPX)/tsx scripts/dist.ts

rpm: dist
	@scripts/rpm.sh
