#!/bin/sh
# mkflash.sh [--initrd FILE] [--cmdline TEXT] [--x0-test MODE] MONITOR_BIN NS_IMAGE OUT:
# the flash image QEMU's -bios loads at 0x0 (docs/boot.md). The monitor sits at offset 0, the
# boot parameters in the last 4 KiB below 2 MiB, the non-secure image (kernel and what is
# appended) at 2 MiB, and an initrd, if any, after it (4 KiB aligned). The monitor copies the
# initrd to RAM and names it and the command line in /chosen. --x0-test enters the image with
# a chosen x0 (zero, unaligned, beyond-ram, corrupt, no-dtb, no-uart) to test early failures.
# The result must fit QEMU virt's 64 MiB secure flash.
set -eu
initrd="" cmdline="" x0test=""
while [ $# -gt 0 ]; do
	case $1 in
	--initrd) initrd=$2; shift 2 ;;
	--cmdline) cmdline=$2; shift 2 ;;
	--x0-test) x0test=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "mkflash: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -ne 3 ]; then
	echo "usage: mkflash.sh [--initrd FILE] [--cmdline TEXT] [--x0-test MODE] MONITOR IMAGE OUT" >&2
	exit 2
fi
mon=$1 img=$2 out=$3
image_off=$((2 * 1024 * 1024))
params_off=$((image_off - 4096))
flash=$((64 * 1024 * 1024))
msize=$(wc -c < "$mon")
if [ "$msize" -gt "$params_off" ]; then
	echo "mkflash: $mon is $msize bytes; the monitor must fit in 2 MiB - 4 KiB" >&2
	exit 1
fi
case $x0test in
"" | zero | unaligned | beyond-ram | corrupt | no-dtb | no-uart) ;;
*) echo "mkflash: --x0-test $x0test: zero, unaligned, beyond-ram, corrupt, no-dtb or no-uart" >&2
   exit 2 ;;
esac
case $cmdline in
*"
"*) echo "mkflash: the command line must be one line" >&2; exit 2 ;;
esac
if [ ${#cmdline} -gt 2048 ]; then
	echo "mkflash: the command line is over 2048 bytes" >&2
	exit 1
fi
isize=$(wc -c < "$img")
end=$((image_off + isize))
rd_off=$(((end + 4095) / 4096 * 4096))
rd_size=0
if [ -n "$initrd" ]; then
	rd_size=$(wc -c < "$initrd")
	end=$((rd_off + rd_size))
fi
if [ "$end" -gt "$flash" ]; then
	echo "mkflash: monitor + image${initrd:+ + initrd} ($end bytes) exceed the 64 MiB flash" >&2
	exit 1
fi
tmp=$out.tmp
cp "$mon" "$tmp"
truncate -s $params_off "$tmp"
if [ -n "$initrd$cmdline$x0test" ]; then
	{
		echo "warden-boot-params 1"
		[ -z "$x0test" ] || echo "x0=$x0test"
		[ -z "$initrd" ] || echo "initrd=$rd_off,$rd_size"
		[ -z "$cmdline" ] || printf 'cmdline=%s\n' "$cmdline"
	} >> "$tmp"
fi
truncate -s $image_off "$tmp"
cat "$img" >> "$tmp"
if [ -n "$initrd" ]; then
	truncate -s $rd_off "$tmp"
	cat "$initrd" >> "$tmp"
fi
mv "$tmp" "$out"
