#!/bin/sh
# Writes the system registers QEMU implements for one CPU model, as its gdbstub describes them
# (the org.qemu.gdb.arm.sys.regs feature of the target description), one name a line:
#   tools/scripts/qemu-sysregs.sh cortex-a57 > tests/data/qemu-sysregs-cortex-a57.txt
# tests/unit/test_sysreg_table.c checks kernel/include/kernel/sysreg_table.h against these
# lists. Needs qemu-system-aarch64 and gdb-multiarch.
set -eu
cpu=${1:?usage: $0 CPU}
dir=$(mktemp -d)
trap 'kill $qemu 2>/dev/null || true; rm -rf "$dir"' EXIT
qemu-system-aarch64 -M virt,secure=on,virtualization=on,gic-version=3 -cpu "$cpu" -nographic \
	-net none -monitor none -serial none -S -gdb "unix:$dir/gdb.sock,server=on,wait=off" &
qemu=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -S "$dir/gdb.sock" ] && break; sleep 0.5; done
gdb-multiarch -nx -batch -ex 'set architecture aarch64' -ex "target remote $dir/gdb.sock" \
	-ex 'maint print xml-tdesc' >"$dir/tdesc.xml" 2>/dev/null
version=$(qemu-system-aarch64 --version | head -1)
echo "# $version -cpu $cpu: system registers of its gdbstub (tools/scripts/qemu-sysregs.sh $cpu)"
grep 'group="cp_regs"' "$dir/tdesc.xml" | sed 's/.*name="\([^"]*\)".*/\1/' | LC_ALL=C sort
