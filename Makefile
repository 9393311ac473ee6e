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

# Everything a clean clone needs, then the type check, the build and the whole test suite: the
# rest of the suite, then the real-Xen VM tests alone (test/xen-vm, one VM at a time; scripts/test-all.ts).
test: setup
	@$(MAKE) --no-print-directory typecheck build
	@$(NPX)/tsx scripts/test-all.ts

# The live systemd guest on real Xen alone (test/xen-vm/live, ~12 min of VM time; part of `make test`).
test-live: setup build
	@$(NPX)/vitest run test/xen-vm/live/live.test.ts

# The test suite alone, for a machine that is already set up.
unit:
	@$(NPX)/vitest run

bench: setup build
	@$(NPX)/tsx scripts/bench/run.ts

# One boot of the real-Xen VM (test/xen-vm): pickup latency and reads/s inside it, ovmd and the
# project client side by side with the C xenstore tools; the last line is one JSON object.
bench-xen: setup build
	@$(NPX)/tsx scripts/bench/xen-boot.ts

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
