#!/usr/bin/env python3
"""Builds and runs the QEMU command line for a Warden image: one place for the machine model,
so `make run`, `make test` and `make bench` boot exactly the same machine.

  tools/qemu.py [--firmware warden|qemu] [--cpu max] [--mem 512] [--smp 4] [--icount]
                [--gdb] [--trace] IMAGE [-- extra qemu args]

IMAGE is a build/images/<name>.img (a Linux-arm64-Image-format kernel with what is appended).
With --firmware warden the flash image <name>.fw beside it (monitor + image) is given to -bios;
with --firmware qemu the image goes to -kernel and QEMU's built-in PSCI answers SMCs."""
import argparse
import os
import sys


def qemu_argv(image, firmware="warden", cpu="max", mem=512, smp=4, icount=False, gdb=False,
              trace=False, extra=()):
    machine = "virt,virtualization=on,gic-version=3"
    secure_machine = "virt,secure=on,virtualization=on,gic-version=3"
    argv = ["qemu-system-aarch64", "-cpu", cpu, "-m", str(mem), "-smp", str(smp),
            "-nographic", "-net", "none", "-monitor", "none", "-serial", "stdio"]
    if firmware == "warden":
        flash = os.path.splitext(image)[0] + ".fw"
        argv[1:1] = ["-M", secure_machine, "-bios", flash]
    elif firmware == "qemu":
        argv[1:1] = ["-M", machine, "-kernel", image]
    else:
        raise ValueError("unknown firmware %r (warden or qemu)" % firmware)
    if icount:
        argv += ["-icount", "shift=0,sleep=off"]
    if gdb:
        argv += ["-s", "-S"]
    if trace:
        argv += ["-d", "int,guest_errors,unimp"]
    return argv + list(extra)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firmware", default=os.environ.get("FIRMWARE", "warden"))
    ap.add_argument("--cpu", default=os.environ.get("CPU", "max"))
    ap.add_argument("--mem", type=int, default=int(os.environ.get("MEM", "512")))
    ap.add_argument("--smp", type=int, default=4)
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--gdb", action="store_true", help="wait for gdb-multiarch on :1234")
    ap.add_argument("--trace", action="store_true", help="QEMU -d int,guest_errors,unimp")
    ap.add_argument("image")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    argv = qemu_argv(a.image, a.firmware, a.cpu, a.mem, a.smp, a.icount, a.gdb, a.trace,
                     a.extra)
    print("+ " + " ".join(argv), file=sys.stderr, flush=True)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main()
