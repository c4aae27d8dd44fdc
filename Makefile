# SPDX-License-Identifier: GPL-2.0
# blk-quiesce-rt: the quiesce_sync_lock series for mainline and -rt stable,
# and the harness that fetches, applies, builds, boots and tests it.
# "make help" lists the targets from the "##" comment above each rule.
#
# Every target first checks the settings it was given (scripts/lib/args.sh:
# one error line, exit 2) and only then installs missing Debian packages
# (scripts/lib/deps.sh, one apt-get run) and downloads anything.
#
# WORKDIR (default ~/.cache/blk-quiesce-rt) holds downloads, trees,
# build directories, ccache and signed copies.  Inside the repository
# only make export (patches/) and the measuring targets (results/) write.

SHELL := /bin/bash
BASES ?= mainline rt-stable
PROFILES ?= rt uml
BASE ?= mainline
S := scripts
ARGS := $(S)/lib/args.sh
# The package groups of scripts/lib/deps.sh each target installs.
DEPS_ALL := build check
DEPS_CHECK := build check blktests

# Every setting given on make's command line must be in settings.tsv: a
# misspelt one stops any target with one line naming the closest.
CLI_VARS := $(foreach v,$(.VARIABLES),$(if $(filter command line,$(origin $(v))),$(v)))
ifneq ($(strip $(CLI_VARS)),)
SETTINGS_ERR := $(shell scripts/lib/settings.py names $(CLI_VARS) 2>&1 >/dev/null)
ifneq ($(SETTINGS_ERR),)
$(error $(SETTINGS_ERR))
endif
endif

# ONLY is a regular expression: make must not expand its "$" (ONLY='^a$|^b$'
# would lose "$|", an automatic variable) when it hands it to the checks.
ifdef ONLY
override ONLY := $(value ONLY)
export ONLY
endif

.PHONY: all deps check quick bench count irqsoff contention holders wakecost blktests blktests-repeat hungtask block014 six kcsan deb deb-check fetch tree \
	export sign mails apply clean distclean settings help

## make: for each base: fetch, apply, build PREEMPT_RT and UML kernels, run the KUnit suite, print a summary (KSRC=dir: your own tree, as base BASE)
all:
	@$(ARGS) bases="$(BASES)" profiles="$(PROFILES)" base="$(BASE)" ksrc="$(KSRC)"
	@$(S)/lib/deps.sh $(DEPS_ALL)
	@$(S)/boot/kunit-all.sh "$(if $(KSRC),$(BASE),$(BASES))" "$(PROFILES)"

## make deps: install the Debian packages of make and make check (as root; otherwise print the apt-get line)
deps:
	@$(S)/lib/deps.sh $(DEPS_CHECK)

## make check: every test, or those whose name matches ONLY=regex (LIST=1 lists them); ends "N passed, N failed"
check:
	@$(ARGS) bases="$(BASES)"
	@$(if $(LIST),true,$(S)/lib/deps.sh $(DEPS_CHECK))
	@tests/check.sh

## make quick: the quick tier of make check: the series (apply, checkpatch, sizes), one PREEMPT_RT KUnit boot per base, litmus, the harness's own checks
quick:
	@$(ARGS) bases="$(BASES)"
	@$(S)/lib/deps.sh $(DEPS_CHECK)
	@ONLY='^(series:|kunit:[a-z-]+:rt$$|litmus:|harness:)' tests/check.sh

## make bench: time unpatched, ceiling, qlock-fast, series, v8 and v8-fast, then make count; writes results/BENCHMARKS.*
bench:
	@$(ARGS) bases="$(BENCH_BASES)" profiles="$(BENCH_PROFILES)" variants="$(BENCH_VARIANTS)" \
		paths="$(COUNT_PATHS)" device="$(COUNT_DEVICE)" bench_device="$(BENCH_DEVICE)"
	@$(S)/lib/deps.sh build bench
	@$(S)/bench/bench.sh
	@$(S)/bench/count-all.sh

## make count: count the idle and the quiesced path of each variant, COUNT_PATHS=completion the field path per I/O (BENCH_* as for make bench)
count:
	@$(ARGS) bases="$(BENCH_BASES)" profiles="$(BENCH_PROFILES)" variants="$(BENCH_VARIANTS)" \
		paths="$(COUNT_PATHS)" device="$(COUNT_DEVICE)"
	@$(S)/lib/deps.sh build bench
	@$(S)/bench/count-all.sh

## make irqsoff: longest interrupts-off section on PREEMPT_RT, idle and quiesced (IRQSOFF_*)
irqsoff:
	@$(ARGS) bases="$(BENCH_BASES)" variants="$(IRQSOFF_VARIANTS)"
	@$(S)/lib/deps.sh build bench
	@$(S)/bench/irqsoff.sh

## make contention: lock contention per site and per 1000 I/Os on PREEMPT_RT, from the lock tracepoints (CONTENTION_*)
contention:
	@$(ARGS) bases="$(BENCH_BASES)" variants="$(CONTENTION_VARIANTS)" \
		device="$(CONTENTION_DEVICE)"
	@$(S)/lib/deps.sh build bench
	@$(S)/bench/contention.sh

## make holders: does a run of a quiesced queue wait behind other queue_lock holders (io.max writes)? qlock-fast vs series on PREEMPT_RT (HOLDERS_*)
holders:
	@$(ARGS) bases="$(BENCH_BASES)" variants="$(HOLDERS_VARIANTS)"
	@$(S)/lib/deps.sh build bench
	@$(S)/bench/holders.sh

## make wakecost: blk_mq_dispatch_wake()'s instructions and barriers, unpatched and series, x86_64 and arm64
wakecost:
	@$(ARGS) bases="$(BENCH_BASES)"
	@$(S)/lib/deps.sh build check
	@for b in $(or $(BENCH_BASES),mainline rt-stable); do for p in rt arm64; do $(S)/bench/wakecost.sh $$b $$p || exit; done; done

## make kcsan: KCSAN (non-RT) on the KUnit suite and the churn test of each base
kcsan:
	@$(ARGS) bases="$(BASES)"
	@$(S)/lib/deps.sh build check
	@for b in $(BASES); do $(S)/boot/kcsan.sh $$b || exit; done

## make blktests: blktests' block group, unpatched and series, in the guest; writes BLKTESTS.md (BLKTESTS=dir)
blktests:
	@$(ARGS) bases="$(BASES)"
	@$(S)/lib/deps.sh build check blktests
	@$(S)/blktests/blktests-all.sh "$(BASES)"

## make blktests-repeat BASE=b: blktests block/006..014 (REPEAT_TESTS) ROUNDS times per REPEAT_VARIANTS, interleaved; hung-task reports per run
REPEAT_VARIANTS ?= unpatched series
ROUNDS ?= 5
blktests-repeat:
	@$(ARGS) base="$(BASE)" variants="$(REPEAT_VARIANTS)" rounds="$(ROUNDS)"
	@$(S)/lib/deps.sh build check blktests
	@$(S)/blktests/blktests-repeat.sh $(BASE) "$(REPEAT_VARIANTS)" $(ROUNDS) $(REPEAT_TESTS)

## make hungtask BASE=b: blktests block/014 alone BLOCK014_ROUNDS times per BLOCK014_VARIANTS, interleaved, instrumented; writes results/BLOCK014.md
BLOCK014_VARIANTS ?= unpatched series qlock-fast
BLOCK014_ROUNDS ?= 25
hungtask:
	@$(ARGS) base="$(BASE)" variants="$(BLOCK014_VARIANTS)" rounds="$(BLOCK014_ROUNDS)"
	@$(S)/lib/deps.sh build check blktests
	@$(S)/blktests/block014.sh $(BASE) "$(BLOCK014_VARIANTS)" $(BLOCK014_ROUNDS)

# The target's first name, before it landed.
block014:
	@echo "make: block014 is now make hungtask" >&2; exit 2

## make six MIRRORS=dir: the 6.6 kernels (6.6.87, v6.6-rt14): KUnit with and without the backport, churn selftest; writes results/SIX.md
six:
	@$(ARGS)
	@$(S)/lib/deps.sh build check
	@$(S)/boot/six.sh

## make deb BASE=b: Debian linux-image/linux-headers packages of b with the fix, from Debian's RT config (LOCALMODCONFIG=lsmod-file|host trims it)
deb:
	@$(ARGS) base="$(BASE)"
	@$(S)/lib/deps.sh build deb
	@$(S)/deb/deb.sh $(BASE)

## make deb-check: make deb trimmed to tests/deb/lsmod for each base, its packages checked and booted
deb-check:
	@$(ARGS) bases="$(BASES)"
	@$(S)/lib/deps.sh build check deb
	@for b in $(BASES); do $(S)/deb/deb-check.sh $$b || exit; done

## make fetch: download, check and unpack the bases
fetch:
	@$(ARGS) bases="$(BASES)"
	@$(S)/lib/deps.sh build
	@for b in $(BASES); do $(S)/kernel/fetch.sh $$b || exit; done

## make tree BASE=b: an editing tree with the series as commits
tree:
	@$(ARGS) base="$(BASE)"
	@$(S)/lib/deps.sh build
	@$(S)/kernel/tree.sh $(BASE)

## make export BASE=b: regenerate patches/b from that tree
export:
	@$(ARGS) base="$(BASE)"
	@$(S)/kernel/export.sh $(BASE)

## make sign BASE=b: a send-ready copy of patches/b with your git identity
sign:
	@$(ARGS) base="$(BASE)"
	@$(S)/mail/sign.sh $(BASE)

## make mails BASE=b: render the exact mails with b4 (nothing is sent)
mails:
	@$(ARGS) base="$(BASE)"
	@$(S)/lib/deps.sh build check
	@$(S)/mail/mails.sh $(BASE)

## make apply KSRC=dir [BASE=b]: git am the series onto your own kernel tree
apply:
	@test -n "$(KSRC)" || { echo "make apply: error: set KSRC=/path/to/your/kernel/git/tree" >&2; exit 2; }
	@$(ARGS) base="$(BASE)" ksrc="$(KSRC)"
	@$(S)/kernel/apply.sh "$(KSRC)" $(BASE)

## make clean: remove build directories and scratch trees
clean:
	@$(S)/kernel/clean.sh build

## make distclean: remove the whole work directory
distclean:
	@$(S)/kernel/clean.sh all

## make settings: every setting, its default and its meaning (settings.tsv)
settings:
	@scripts/lib/settings.py list

## make help: this list
help:
	@sed -n 's/^## //p' Makefile
