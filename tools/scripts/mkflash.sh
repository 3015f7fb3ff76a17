#!/bin/sh
# mkflash.sh MONITOR_BIN NS_IMAGE OUT: the flash image QEMU's -bios loads at 0x0. The monitor
# sits at offset 0 and the non-secure image (kernel and what is appended) at 2 MiB; see
# docs/boot.md. The result must fit QEMU virt's 64 MiB secure flash.
set -eu
mon=$1 img=$2 out=$3
limit=$((2 * 1024 * 1024))
msize=$(wc -c < "$mon")
if [ "$msize" -gt "$limit" ]; then
	echo "mkflash: $mon is $msize bytes; the monitor must fit in 2 MiB" >&2
	exit 1
fi
isize=$(wc -c < "$img")
if [ $((limit + isize)) -gt $((64 * 1024 * 1024)) ]; then
	echo "mkflash: $img is $isize bytes; monitor + image exceed the 64 MiB flash" >&2
	exit 1
fi
tmp=$out.tmp
cp "$mon" "$tmp"
truncate -s $limit "$tmp"
cat "$img" >> "$tmp"
mv "$tmp" "$out"
