# blk-quiesce-rt: the quiesce_sync_lock series for mainline and -rt stable,
# and the harness that fetches, applies, builds, boots and tests it.
#
#   make                fetch both bases, apply, build PREEMPT_RT and UML
#                       kernels, run the KUnit suite, print a summary
#   make check          every test: the above, series hygiene, mutants,
#                       the harness's own tests; ends "N passed, N failed"
#   make bench          time unpatched, ceiling, fix, series and v8, then
#                       make count; writes BENCHMARKS.*
#   make count          count the idle-queue hot path of each variant
#   make kcsan          KCSAN (non-RT) on the KUnit suite and the churn
#                       test of each base
#   make blktests       blktests' block group, unpatched and series, in
#                       the guest; writes BLKTESTS.md (BLKTESTS=dir)
#   make deb BASE=b     Debian linux-image/linux-headers packages of b
#                       with the fix series, from Debian's own RT config
#                       (LOCALMODCONFIG=lsmod-file|host trims it)
#   make deb-check      build make deb's packages trimmed to
#                       tests/deb/lsmod, check their contents and the fix
#                       in the image, boot them with the churn selftest
#   make tree BASE=b    editing tree with the series as commits
#   make export BASE=b  regenerate patches/b from that tree
#   make sign BASE=b    a send-ready copy of patches/b with your identity
#   make mails BASE=b   render the exact mails with b4 (nothing is sent)
#   make apply KSRC=dir [BASE=b]   git am the series onto your own tree
#
# WORKDIR (default ~/.cache/blk-quiesce-rt) holds downloads, trees,
# build directories, ccache and signed copies.  Inside the repository
# only make export (patches/), make bench and make count (BENCHMARKS*)
# and make blktests (BLKTESTS.md) write.

SHELL := /bin/bash
BASES ?= mainline rt-stable
PROFILES ?= rt uml
BASE ?= mainline
S := scripts

.PHONY: all deps check bench blktests kcsan deb deb-check fetch tree export apply clean distclean help

# With KSRC=dir, "make" builds and tests that tree as it is (after
# "make apply KSRC=dir BASE=b"), as base BASE.
all: deps
	@$(S)/kunit-all.sh "$(if $(KSRC),$(BASE),$(BASES))" "$(PROFILES)"

deps:
	@$(S)/deps.sh build check

check: deps
	@tests/check.sh

bench: deps
	@$(S)/deps.sh bench
	@$(S)/bench.sh
	@$(S)/count-all.sh

kcsan: deps
	@$(S)/deps.sh check
	@for b in $(BASES); do $(S)/kcsan.sh $$b || exit; done

blktests: deps
	@$(S)/deps.sh blktests
	@$(S)/blktests-all.sh "$(BASES)"

deb: deps
	@$(S)/deps.sh deb
	@$(S)/deb.sh $(BASE)

deb-check: deps
	@$(S)/deps.sh deb check
	@for b in $(BASES); do $(S)/deb-check.sh $$b || exit; done

fetch:
	@for b in $(BASES); do $(S)/fetch.sh $$b || exit; done

tree:
	@$(S)/tree.sh $(BASE)

export:
	@$(S)/export.sh $(BASE)

apply:
	@test -n "$(KSRC)" || { echo "make apply: error: set KSRC=/path/to/your/kernel/git/tree" >&2; exit 2; }
	@$(S)/apply.sh "$(KSRC)" $(BASE)

clean:
	@$(S)/clean.sh build

distclean:
	@$(S)/clean.sh all

help:
	@sed -n '/^#   make/,/^#$$/p' Makefile
