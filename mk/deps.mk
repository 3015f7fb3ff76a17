# Tool checks: the build names the Debian package for anything missing; `make deps` installs.
# (libclang-rt-14-dev is libFuzzer's runtime for tests/fuzz/: only a Recommends of clang.)
DEB_PACKAGES := clang lld llvm qemu-system-arm device-tree-compiler libxml2-dev libcmocka-dev \
	pkg-config python3 graphviz gdb-multiarch arm-trusted-firmware-tools u-boot-qemu \
	libclang-rt-14-dev
# command:package pairs checked before anything is built.
NEEDED_TOOLS := clang:clang ld.lld:lld llvm-objcopy:llvm qemu-system-aarch64:qemu-system-arm \
	dtc:device-tree-compiler pkg-config:pkg-config python3:python3 \
	fiptool:arm-trusted-firmware-tools

tools-check:
	@missing=""; for p in $(NEEDED_TOOLS); do \
	  c=$${p%%:*}; pkg=$${p#*:}; command -v $$c >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	for h in libxml2/libxml/parser.h:libxml2-dev cmocka.h:libcmocka-dev; do \
	  f=$${h%%:*}; pkg=$${h#*:}; [ -f /usr/include/$$f ] || missing="$$missing $$pkg"; \
	done; \
	[ -f /usr/lib/u-boot/qemu_arm64/u-boot.bin ] || missing="$$missing u-boot-qemu"; \
	ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || \
	  missing="$$missing libclang-rt-14-dev"; \
	if [ -n "$$missing" ]; then \
	  echo "error: missing Debian packages:$$missing"; \
	  echo "       run 'make deps' as root (apt-get install -y$$missing)"; exit 1; fi

# deps also fetches Debian's arm64 kernel and busybox for the Linux guest tests (mk/linux.mk).
deps:
	@if [ "$$(id -u)" != 0 ]; then echo "error: make deps installs Debian packages; run it as root"; exit 1; fi
	apt-get update -q
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $(DEB_PACKAGES)
	$(MAKE) linux

.PHONY: tools-check deps
