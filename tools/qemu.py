#!/usr/bin/env python3
"""Builds and runs the QEMU command line for a Warden image: one place for the machine model,
so `make run`, `make test` and `make bench` boot exactly the same machine.

  tools/qemu.py [--firmware warden|qemu|tfa|uboot] [--tfa DIR] [--cpu max] [--mem 512]
                [--smp 4] [--icount] [--gdb] [--trace] [--interactive] IMAGE [-- extra qemu args]

--interactive puts the serial console on QEMU's multiplexer (Ctrl-a x quits, Ctrl-a h lists the
keys, Ctrl-c reaches the guest): what `make run-linux` uses to type at a shell.

IMAGE is a build/images/<name>.img (a Linux-arm64-Image-format kernel with what is appended).
  warden  the flash image <name>.fw beside it (monitor + image) goes to -bios (secure=on)
  qemu    the image goes to -kernel; QEMU's built-in PSCI answers SMCs (no EL3 code)
  tfa     Trusted Firmware-A (bl1.bin, bl2.bin, bl31.bin in --tfa DIR) with the image as BL33:
          a FIP (fiptool) and a flash image are made in build/images/tfa/<DIR's name>/;
          -m is raised to 1024 (TF-A loads BL33 at 0x6000_0000)
  uboot   Debian's U-Boot (u-boot-qemu) as -bios above QEMU's PSCI, the image as -kernel:
          U-Boot's default boot finds it through fw_cfg (no keyboard input needed); never
          under -icount (--icount is dropped): U-Boot's autoboot countdown polls the counter,
          which under -icount shift=0 is billions of instructions

QEMU's output is passed through as it comes (and copied to --log FILE). The kernel's last line
says whether any guest or component was stopped for a fault; qemu.py exits with 1 when it says
so (or when the kernel panicked), else with QEMU's own status (docs/vmm.md, "Stops")."""
import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIRMWARES = ("warden", "qemu", "tfa", "uboot")
# Where the project keeps its prebuilt TF-A (../shared/firmware/tf-a/README.md).
TFA_DEFAULT_DIR = os.path.join(os.path.dirname(ROOT), "shared", "firmware", "tf-a")
TFA_FILES = ("bl1.bin", "bl2.bin", "bl31.bin")
TFA_MIN_MEM = 1024
UBOOT_BIN = "/usr/lib/u-boot/qemu_arm64/u-boot.bin"
FLASH_SIZE = 64 << 20
FIP_OFFSET = 0x40000


def tfa_builds(tfa_dir=None):
    """The TF-A builds in tfa_dir (itself one, or its subfolders): [(name, path)]."""
    d = tfa_dir or os.environ.get("TFA_DIR") or TFA_DEFAULT_DIR
    if all(os.path.isfile(os.path.join(d, f)) for f in TFA_FILES):
        return [(os.path.basename(os.path.normpath(d)), d)]
    if not os.path.isdir(d):
        return []
    return [(n, os.path.join(d, n)) for n in sorted(os.listdir(d))
            if all(os.path.isfile(os.path.join(d, n, f)) for f in TFA_FILES)]


def tfa_missing(tfa_dir=None):
    """Why FIRMWARE=tfa cannot run here, or None."""
    d = tfa_dir or os.environ.get("TFA_DIR") or TFA_DEFAULT_DIR
    if not tfa_builds(tfa_dir):
        return ("no TF-A build (%s) in %s or its subfolders; use the project's prebuilt one "
                "(../shared/firmware/tf-a beside the repository) or build TF-A v2.15 for "
                "PLAT=qemu as its README says and pass TFA_DIR=DIR (docs/boot.md)"
                % (", ".join(TFA_FILES), d))
    if not shutil.which("fiptool"):
        return "fiptool is missing: apt-get install arm-trusted-firmware-tools (or make deps)"
    return None


def tfa_flash(image, tfa_path):
    """The flash image for TF-A with `image` as BL33 (rebuilt when older than its inputs)."""
    name = os.path.splitext(os.path.basename(image))[0]
    out_dir = os.path.join(os.path.dirname(image), "tfa",
                           os.path.basename(os.path.normpath(tfa_path)))
    flash = os.path.join(out_dir, name + ".flash")
    inputs = [image] + [os.path.join(tfa_path, f) for f in TFA_FILES]
    if os.path.exists(flash) and all(os.path.getmtime(flash) >= os.path.getmtime(i)
                                     for i in inputs):
        return flash
    os.makedirs(out_dir, exist_ok=True)
    fip = os.path.join(out_dir, name + ".fip")
    subprocess.run(["fiptool", "create", "--tb-fw", os.path.join(tfa_path, "bl2.bin"),
                    "--soc-fw", os.path.join(tfa_path, "bl31.bin"), "--nt-fw", image, fip],
                   check=True, stdout=subprocess.DEVNULL)
    with open(os.path.join(tfa_path, "bl1.bin"), "rb") as f:
        bl1 = f.read()
    with open(fip, "rb") as f:
        fipdata = f.read()
    if len(bl1) > FIP_OFFSET or FIP_OFFSET + len(fipdata) > FLASH_SIZE:
        raise ValueError("TF-A's BL1 or the FIP does not fit QEMU virt's 64 MiB flash")
    tmp = flash + ".tmp"
    with open(tmp, "wb") as f:
        f.write(bl1.ljust(FIP_OFFSET, b"\0") + fipdata)
        f.truncate(FLASH_SIZE)
    os.replace(tmp, flash)
    return flash


def qemu_argv(image, firmware="warden", cpu="max", mem=512, smp=4, icount=False, gdb=False,
              trace=False, extra=(), tfa=None, interactive=False):
    machine = "virt,virtualization=on,gic-version=3"
    secure_machine = "virt,secure=on,virtualization=on,gic-version=3"
    if firmware == "tfa":
        mem = max(mem, TFA_MIN_MEM)
    argv = ["qemu-system-aarch64", "-cpu", cpu, "-m", str(mem), "-smp", str(smp),
            "-nographic", "-net", "none", "-monitor", "none", "-serial", "stdio"]
    if interactive:
        # Typing at the console guest (docs/console.md): stdio through QEMU's multiplexer, so
        # Ctrl-a x leaves QEMU (Ctrl-a h lists the keys) and Ctrl-c goes to the guest.
        argv[-2:] = ["-chardev", "stdio,id=console,mux=on,signal=off", "-serial",
                     "chardev:console", "-mon", "chardev=console,mode=readline"]
    if firmware == "warden":
        flash = os.path.splitext(image)[0] + ".fw"
        argv[1:1] = ["-M", secure_machine, "-bios", flash]
    elif firmware == "qemu":
        argv[1:1] = ["-M", machine, "-kernel", image]
    elif firmware == "tfa":
        builds = tfa_builds(tfa)
        if not builds:
            raise ValueError(tfa_missing(tfa))
        argv[1:1] = ["-M", secure_machine, "-bios", tfa_flash(image, builds[0][1])]
    elif firmware == "uboot":
        argv[1:1] = ["-M", machine, "-bios", UBOOT_BIN, "-kernel", image]
    else:
        raise ValueError("unknown firmware %r (%s)" % (firmware, ", ".join(FIRMWARES)))
    if icount and firmware == "uboot":
        print("qemu.py: FIRMWARE=uboot: running without -icount (U-Boot's autoboot countdown "
              "would take billions of instructions)", file=sys.stderr, flush=True)
    elif icount:
        argv += ["-icount", "shift=0,sleep=off"]
    if gdb:
        argv += ["-s", "-S"]
    if trace:
        argv += ["-d", "int,guest_errors,unimp"]
    return argv + list(extra)


# The kernel's power-off line (kernel/main.c, system_off): the last line of every run.
POWER_OFF_RE = re.compile(rb"^warden: power off(?:: (no guest or component)|.*)")


def verdict(line):
    """For one output line: None if it is not the kernel's power-off line, else True when it
    says nothing was stopped for a fault, False when something was (or the kernel panicked)."""
    m = POWER_OFF_RE.match(line.rstrip(b"\r\n"))
    if not m:
        return None
    return m.group(1) is not None


def run_watched(argv, log=None):
    """Runs QEMU with its output piped through to ours (and to the file log); returns the exit
    status: 1 if the kernel's last power-off line reports a fault stop or a panic and QEMU
    itself exited 0, else QEMU's status."""
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = sys.stdout.buffer
    logf = open(log, "wb") if log else None
    pending, ok = b"", None
    try:
        while True:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            out.write(chunk)
            out.flush()
            if logf:
                logf.write(chunk)
            pending += chunk
            *lines, pending = pending.split(b"\n")
            for line in lines:
                v = verdict(line)
                if v is not None:
                    ok = v
    except KeyboardInterrupt:
        p.terminate()
    finally:
        if logf:
            logf.close()
    status = p.wait()
    if pending and verdict(pending) is not None:
        ok = verdict(pending)
    if status == 0 and ok is False:
        print("qemu.py: the system stopped a guest or component for a fault (see the kernel's "
              "last line); exit status 1", file=sys.stderr, flush=True)
        return 1
    return status


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firmware", default=os.environ.get("FIRMWARE", "warden"),
                    choices=FIRMWARES)
    ap.add_argument("--tfa", default=None,
                    help="TF-A build (bl1/bl2/bl31.bin; default $TFA_DIR or its first "
                    "subfolder with them)")
    ap.add_argument("--cpu", default=os.environ.get("CPU", "max"))
    ap.add_argument("--mem", type=int, default=int(os.environ.get("MEM", "512")))
    ap.add_argument("--smp", type=int, default=4)
    ap.add_argument("--icount", action="store_true")
    ap.add_argument("--gdb", action="store_true", help="wait for gdb-multiarch on :1234")
    ap.add_argument("--trace", action="store_true", help="QEMU -d int,guest_errors,unimp")
    ap.add_argument("--log", default=None, help="also write QEMU's output to this file")
    ap.add_argument("--interactive", action="store_true",
                    help="console on QEMU's multiplexer: Ctrl-a x quits, Ctrl-c reaches the guest")
    ap.add_argument("image")
    ap.add_argument("extra", nargs="*")
    a = ap.parse_args()
    if a.firmware == "tfa" and tfa_missing(a.tfa):
        sys.exit("qemu.py: FIRMWARE=tfa: " + tfa_missing(a.tfa))
    if a.firmware == "uboot" and not os.path.exists(UBOOT_BIN):
        sys.exit("qemu.py: FIRMWARE=uboot: %s is missing: apt-get install u-boot-qemu "
                 "(or make deps)" % UBOOT_BIN)
    argv = qemu_argv(a.image, a.firmware, a.cpu, a.mem, a.smp, a.icount, a.gdb, a.trace,
                     a.extra, a.tfa, a.interactive)
    print("+ " + " ".join(argv), file=sys.stderr, flush=True)
    sys.exit(run_watched(argv, a.log))


if __name__ == "__main__":
    main()
