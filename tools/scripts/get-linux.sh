#!/bin/sh
# get-linux.sh DIR: Debian's arm64 kernel and busybox for Linux guests, under DIR (make linux).
# Downloads linux-image-<ABI>-arm64-unsigned and busybox-static for arm64 from Debian's archive
# into DIR/debs (kept as a cache: with both .debs there, nothing is fetched), then unpacks into
# DIR: Image (the raw arm64 kernel), config, arm_smccc_trng.ko (uncompressed), busybox,
# kernel-release. Fetching needs root: it adds the arm64 architecture to dpkg for the download
# and removes it again (if it was not there before), so the machine is left as it was.
set -eu
dir=$1
debs=$dir/debs
mkdir -p "$debs"

# Other users of this machine may be running apt or dpkg: retry while their locks are held.
retry() {
	n=0
	until "$@"; do
		n=$((n + 1))
		if [ $n -ge 20 ]; then
			echo "get-linux: '$*' failed $n times; giving up" >&2
			return 1
		fi
		echo "get-linux: '$*' failed (apt/dpkg lock held by someone else?); retrying in 10 s" >&2
		sleep 10
	done
}

have_debs() {
	ls "$debs"/linux-image-*-arm64-unsigned_*_arm64.deb >/dev/null 2>&1 &&
		ls "$debs"/busybox-static_*_arm64.deb >/dev/null 2>&1
}

fetch() {
	if [ "$(id -u)" != 0 ]; then
		echo "get-linux: no Debian kernel in $debs and not root: run 'make linux' as root once" >&2
		echo "           (it adds dpkg's arm64 architecture for 'apt-get download', then removes it)" >&2
		exit 1
	fi
	added=no
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		retry dpkg --add-architecture arm64
		added=yes
	fi
	status=0
	(
		set -e
		retry apt-get update -q -o DPkg::Lock::Timeout=120
		# The meta package names the current ABI (6.1.0-NN): old ABIs leave the archive.
		abi=$(apt-cache depends linux-image-arm64:arm64 |
			sed -n 's/.*Depends: linux-image-\([0-9][^ :]*\)-arm64\(:arm64\)\{0,1\}$/\1/p' | head -n 1)
		if [ -z "$abi" ]; then
			echo "get-linux: apt-cache depends linux-image-arm64:arm64 names no kernel ABI" >&2
			exit 1
		fi
		echo "get-linux: Debian's arm64 kernel ABI is $abi"
		cd "$debs"
		retry apt-get download -q "linux-image-$abi-arm64-unsigned:arm64" busybox-static:arm64
	) || status=$?
	if [ $added = yes ]; then
		retry dpkg --remove-architecture arm64 ||
			echo "get-linux: warning: could not remove dpkg's arm64 architecture" >&2
		retry apt-get update -q -o DPkg::Lock::Timeout=120 >/dev/null ||
			echo "get-linux: warning: apt-get update after removing arm64 failed" >&2
	fi
	return $status
}

have_debs || fetch
have_debs || { echo "get-linux: the .debs are still missing from $debs" >&2; exit 1; }

kdeb=$(ls "$debs"/linux-image-*-arm64-unsigned_*_arm64.deb | sort -V | tail -n 1)
bdeb=$(ls "$debs"/busybox-static_*_arm64.deb | sort -V | tail -n 1)
tmp=$dir/unpack.tmp
rm -rf "$tmp"
mkdir -p "$tmp"
dpkg-deb -x "$kdeb" "$tmp"
dpkg-deb -x "$bdeb" "$tmp"
release=$(ls "$tmp/lib/modules" | head -n 1)
image=$tmp/boot/vmlinuz-$release
[ -f "$image" ] || { echo "get-linux: $kdeb has no boot/vmlinuz-$release" >&2; exit 1; }
# The unsigned package's vmlinuz is a raw arm64 Image ("ARM\x64" magic at offset 0x38).
if [ "$(dd if="$image" bs=1 skip=56 count=4 2>/dev/null)" != "$(printf 'ARM\144')" ]; then
	echo "get-linux: $image is not a raw arm64 Image" >&2
	exit 1
fi
mod=$(find "$tmp/lib/modules/$release" -name 'arm_smccc_trng.ko*' | head -n 1)
[ -n "$mod" ] || { echo "get-linux: $kdeb has no arm_smccc_trng module" >&2; exit 1; }
# busybox's insmod takes an uncompressed module: decompress here if the package compressed it.
case $mod in
*.ko) cp "$mod" "$dir/arm_smccc_trng.ko" ;;
*.ko.xz) xz -dc "$mod" > "$dir/arm_smccc_trng.ko" ;;
*.ko.gz) gzip -dc "$mod" > "$dir/arm_smccc_trng.ko" ;;
*.ko.zst) zstd -dc "$mod" > "$dir/arm_smccc_trng.ko" ;;
*) echo "get-linux: unknown module compression: $mod" >&2; exit 1 ;;
esac
cp "$tmp/boot/config-$release" "$dir/config"
cp "$tmp/bin/busybox" "$dir/busybox"
echo "$release" > "$dir/kernel-release"
cp "$image" "$dir/Image.tmp"
mv "$dir/Image.tmp" "$dir/Image"
rm -rf "$tmp"
echo "get-linux: $dir/Image is Linux $release ($(basename "$kdeb")), busybox from $(basename "$bdeb")"
