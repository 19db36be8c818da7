# SPDX-License-Identifier: GPL-2.0
#
# brfw: the human entry point. Kbuild (beside this file) describes the
# module for the kernel build system; this file drives it, builds brfwctl
# and runs the tests. See README.md.
#
#   make                  module for the running kernel (if its headers are
#                         installed) and brfwctl
#   make KVER=<version>   module for an installed linux-headers-<version>
#   make KDIR=<tree>      module against a kernel build tree
#   make modules-all      module for every test kernel (6.1 and 6.12)
#   make deps             install everything on a fresh Debian 12 (root)
#   make check            the whole test suite, both kernels (CI runs this)
#   make demo             brfw's main job on throwaway VMs
#   make install          module and brfwctl into this machine
#   make debug-kernel     KASAN/lockdep 6.1 kernel into $(BRFW_CACHE)
#   make check-debug      the guest suite on that kernel
#   make vm-selftest      the VM runner catches a WARN, an oops and a leak
#   make bench-unit       classifier per frame, conntrack per lookup (callgrind)
#   make fuzz             fuzz brfwctl's restore/command parser (FUZZ_TIME=60 s)

SRC := $(CURDIR)
PREFIX ?= /usr/local

ifneq ($(KDIR),)
  KVER := $(shell cat $(KDIR)/include/config/kernel.release 2>/dev/null)
else
  KVER ?= $(shell uname -r)
  KDIR := /lib/modules/$(KVER)/build
endif
BUILD := $(SRC)/build/$(KVER)

# The Debian kernels the suite runs on: newest installed 6.1 and 6.12.
TEST_KVERS := $(shell tests/vm/kernels 2>/dev/null)

MOD_SRCS := $(wildcard kmod/*.c kmod/*.h) uapi/linux/brfw.h Kbuild

# Extra flags for the module build, e.g. W=1 KCFLAGS=-Werror (make check).
KBUILD_EXTRA ?=

.PHONY: all module modules-all tool unit-tests deps check check-guest demo \
	install uninstall dkms-test debug-kernel check-debug vm-selftest \
	bench-unit fuzz clean

all: tool
	@if [ -d "$(KDIR)" ]; then $(MAKE) --no-print-directory module; \
	else echo "brfw: no kernel headers at $(KDIR); module not built" \
		"(install linux-headers-$(KVER), or use make KVER=... / make modules-all)"; fi

# Kbuild writes objects next to the sources it is given, so each kernel gets
# its own directory of symlinks: two kernels never share an object file.
module: $(MOD_SRCS)
	@test -d "$(KDIR)" || { echo "brfw: no kernel build tree at $(KDIR)" >&2; exit 1; }
	@mkdir -p $(BUILD)/kmod
	@ln -sfn $(SRC)/Kbuild $(BUILD)/Kbuild
	@ln -sfn $(SRC)/uapi $(BUILD)/uapi
	@for f in kmod/*.c kmod/*.h; do ln -sfn $(SRC)/$$f $(BUILD)/$$f; done
	$(MAKE) -C $(KDIR) M=$(BUILD) $(KBUILD_EXTRA) modules

modules-all:
	@test -n "$(TEST_KVERS)" || { echo "brfw: no test kernels installed; run make deps" >&2; exit 1; }
	@for v in $(TEST_KVERS); do $(MAKE) --no-print-directory KVER=$$v module || exit 1; done

tool:
	$(MAKE) -C tool

unit-tests: tool
	$(MAKE) -C tests/unit run

deps:
	tests/deps.sh

check:
	tests/deps.sh --quiet
	tests/check.sh

demo:
	tests/deps.sh --quiet
	tests/demo.sh

install: all
	$(MAKE) -C $(KDIR) M=$(BUILD) modules_install
	depmod -a $(KVER)
	install -D -m 0755 tool/brfwctl $(DESTDIR)$(PREFIX)/sbin/brfwctl
	install -D -m 0644 tool/brfwctl.8 $(DESTDIR)$(PREFIX)/share/man/man8/brfwctl.8

uninstall:
	rm -f /lib/modules/$(KVER)/updates/brfw.ko /lib/modules/$(KVER)/extra/brfw.ko
	depmod -a $(KVER)
	rm -f $(DESTDIR)$(PREFIX)/sbin/brfwctl $(DESTDIR)$(PREFIX)/share/man/man8/brfwctl.8

dkms-test:
	tests/dkms.sh

debug-kernel:
	tests/debug/build-kernel.sh

check-debug:
	tests/deps.sh --quiet
	tests/debug/check-debug.sh

vm-selftest:
	tests/deps.sh --quiet
	tests/vm/selftest/selftest.sh

# The classifier (kmod/cls.c) in userspace under callgrind; see
# docs/PERFORMANCE.md.
bench-unit:
	$(MAKE) -C tests/bench run

# libFuzzer on the text brfwctl turns into requests; see tests/fuzz.
fuzz:
	$(MAKE) -C tests/fuzz run

clean:
	rm -rf build
	$(MAKE) -C tool clean
	-$(MAKE) -C tests/unit clean
	rm -rf tests/tools/bin
	-$(MAKE) -C tests/bench clean
