#!/usr/bin/env python3
"""Writes a Linux initramfs: an uncompressed cpio archive in the "newc" format (the kernel's
Documentation/driver-api/early-userspace/buffer-format.rst), from a list of entries, with no
root privileges (device nodes are written as archive entries, not created on the host).

  mkinitramfs.py OUT ENTRY...

Each ENTRY is one of
  dir:PATH                      a directory (mode 0755)
  file:PATH=HOSTFILE[:MODE]     a regular file with HOSTFILE's contents (MODE octal, default 0644)
  link:PATH=TARGET              a symbolic link
  char:PATH=MAJOR,MINOR         a character device (mode 0600)
PATHs are inside the archive, without a leading slash. Owner root, time 0: the output depends
only on the inputs."""
import os
import stat
import sys

_ino = [0]


def header(name, mode, size, nlink=1, rmajor=0, rminor=0):
    _ino[0] += 1
    fields = [_ino[0], mode, 0, 0, nlink, 0, size, 0, 0, rmajor, rminor, len(name) + 1, 0]
    return b"070701" + b"".join(b"%08X" % f for f in fields)


def pad4(n):
    return b"\0" * (-n % 4)


def entry(name, mode, data=b"", nlink=1, rmajor=0, rminor=0):
    raw = header(name, mode, len(data), nlink, rmajor, rminor) + name.encode() + b"\0"
    return raw + pad4(len(raw)) + data + pad4(len(data))


def parse(spec):
    kind, _, rest = spec.partition(":")
    path, _, value = rest.partition("=")
    path = path.strip("/")
    if not path or (kind != "dir" and not value):
        raise ValueError("bad entry %r" % spec)
    if kind == "dir":
        return entry(path, stat.S_IFDIR | 0o755, nlink=2)
    if kind == "file":
        host, _, mode = value.partition(":")
        with open(host, "rb") as f:
            data = f.read()
        return entry(path, stat.S_IFREG | int(mode or "644", 8), data)
    if kind == "link":
        return entry(path, stat.S_IFLNK | 0o777, value.encode())
    if kind == "char":
        major, minor = (int(x) for x in value.split(","))
        return entry(path, stat.S_IFCHR | 0o600, rmajor=major, rminor=minor)
    raise ValueError("unknown entry kind %r in %r" % (kind, spec))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    try:
        out = b"".join(parse(s) for s in sys.argv[2:])
    except (ValueError, OSError) as e:
        sys.exit("mkinitramfs: %s" % e)
    out += entry("TRAILER!!!", 0)
    with open(sys.argv[1] + ".tmp", "wb") as f:
        f.write(out + pad4(len(out)))
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])


if __name__ == "__main__":
    main()
