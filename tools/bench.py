#!/usr/bin/env python3
"""make bench: boots each bench image under QEMU -icount shift=0,sleep=off with the project's
monitor, collects the `[BENCH]` lines the images print (user/bench-client/bench.h), prints a table
of instructions per operation split by exception level, and writes build/bench/results.json.

  tools/bench.py [--build DIR] [--cpu "max cortex-a57"] [--mem 512] [--smp 1] IMAGE...
  tools/bench.py --profile [--build DIR] [--cpu max] IMAGE...

--profile (make bench-profile) runs the images once more with QEMU -singlestep -d exec,nochain,
which logs every instruction executed, and prints for each measured operation the instructions
per function and level: where the instructions go. Use it with the smoke-test images (few
iterations, short logs); it takes the last iteration of each measurement.

IMAGE names build/images/<IMAGE>.fw. Every key an image prints goes into the results, so a new
path needs no change here: only an image that prints its [BENCH] line (mk/bench.mk, BENCH_IMAGES).
With several CPUs, each gets build/bench/results-<cpu>.json; results.json is the first CPU's.
Exit status 1 if a run fails (timeout, no [DONE], a [FAIL] line, QEMU status) or a measurement is
inconsistent (the per-level counts do not add up to the total)."""
import argparse
import bisect
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qemu  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LEVELS = ("el0", "el1", "el2", "el3")
BENCH_RE = re.compile(r"\[BENCH\] (\w+) ((?:\w+=-?\d+ ?)+)")

# Keys in table order, with what each measures (the list; paths not built yet are
# reported as missing).
KEYS = [
    ("raw_smc", "SMCCC_VERSION, EL2 -> EL3 -> EL2 (the floor)"),
    ("monitor_psci_version", "PSCI_VERSION, EL2 -> EL3 -> EL2"),
    ("monitor_trng_rnd64", "TRNG_RND64 192 bits, EL2 -> EL3 -> EL2"),
    ("smc_cap", "EL0 -> SMC cap (1.1 form) -> SMCCC_VERSION -> EL0"),
    ("smc_cap_ext", "the same, SMCCC 1.2 form (x0..x17)"),
    ("smc_cap_refused", "out-of-range invocation, refused by the kernel"),
    ("ipc_call", "Call + ReplyRecv, one word, EL0 <-> EL0"),
    ("guest_forward", "guest smc SMCCC_VERSION forwarded by the VMM"),
    ("guest_forward_in_kernel", "the same, forwarded by the kernel (capability bound to the vCPU)"),
    ("guest_emulate", "guest PSCI_VERSION answered by the VMM"),
    ("guest_deny", "guest call denied by policy"),
    ("broker_call", "client -> broker -> monitor -> client"),
    ("guest_mmio", "guest store to the emulated UART's UARTDR, answered by the VMM"),
    ("guest_uart_byte", "UARTFR load + UARTDR store (a byte of polled output) by the VMM"),
    ("guest_console_dr", "the console guest's UARTDR store, answered by the kernel"),
    ("guest_console_byte", "the console guest's UARTFR load + UARTDR store, by the kernel"),
    ("guest_sgi", "SGI vCPU 0 -> vCPU 1 waiting in WFI, until taken (half a ping-pong)"),
]

# (label, function of the results or None if an input is missing, limit)
TARGETS = [
    ("smc_cap - raw_smc", lambda r: diff(r, "smc_cap", "raw_smc"), 150),
    ("ipc_call", lambda r: r.get("ipc_call"), 300),
    ("monitor_psci_version", lambda r: r.get("monitor_psci_version"), 90),
    ("guest_forward - raw_smc", lambda r: diff(r, "guest_forward", "raw_smc"), 1000),
    ("guest_emulate", lambda r: r.get("guest_emulate"), 1000),
    ("guest_mmio", lambda r: r.get("guest_mmio"), 1000),
]


def diff(r, a, b):
    return r[a] - r[b] if a in r and b in r else None


def commit():
    try:
        p = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                           capture_output=True, text=True, timeout=10)
        return p.stdout.strip() if p.returncode == 0 and p.stdout.strip() else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def run_image(build, name, cpu, mem, smp, timeout, problems):
    """Boots one image; returns {key: fields} for its [BENCH] lines."""
    image = os.path.join(build, "images", name + ".img")
    fw = os.path.splitext(image)[0] + ".fw"
    if not os.path.exists(fw):
        problems.append("%s: %s was not built" % (name, fw))
        return {}
    argv = qemu.qemu_argv(image, "warden", cpu, mem, smp, icount=True, extra=["-no-reboot"])
    log = os.path.join(build, "bench", "%s-%s.log" % (name, cpu))
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        text = (p.stdout + p.stderr).decode("utf-8", "replace")
        status = p.returncode
    except subprocess.TimeoutExpired as e:
        text, status = (e.stdout or b"").decode("utf-8", "replace"), None
        problems.append("%s: timed out after %ds" % (name, timeout))
    with open(log, "w") as f:
        f.write("$ " + " ".join(argv) + "\n" + text)
    lines = text.replace("\r", "").splitlines()
    if status not in (0, None):
        problems.append("%s: QEMU exit status %s (log %s)" % (name, status, log))
    if not any("[DONE]" in line for line in lines):
        problems.append("%s: no [DONE] line (log %s)" % (name, log))
    for line in lines:
        if "[FAIL]" in line:
            problems.append("%s: %s" % (name, line.strip()))
    found = {}
    for line in lines:
        m = BENCH_RE.search(line)
        if m:
            found[m.group(1)] = {k: int(v) for k, v in
                                 (kv.split("=") for kv in m.group(2).split())}
    if not found:
        problems.append("%s: no [BENCH] lines (log %s)" % (name, log))
    return found


# --- linux_boot_ratio ------------------------------------------------------------------------------

INIT_RE = re.compile(r"\[ *(\d+\.\d+)\] Run /init as init process")
# What Warden shows a guest of each CPU model (docs/id-registers.md), for bare QEMU to match: SVE,
# SME and the PMU hidden (MTE is off on the virt board unless asked for).
BARE_CPU = {"max": "max,sve=off,sme=off,pmu=off", "cortex-a57": "cortex-a57,pmu=off"}


def boot_to_init(argv, log, timeout, problems, what):
    """Runs QEMU until Linux runs /init; returns the guest time of that line (seconds)."""
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    data, t, deadline = b"", None, time.monotonic() + timeout
    os.set_blocking(p.stdout.fileno(), False)
    while time.monotonic() < deadline and t is None:
        try:
            chunk = p.stdout.read()
        except BlockingIOError:
            chunk = None
        if chunk:
            data += chunk
            m = INIT_RE.search(data.decode("utf-8", "replace"))
            if m:
                t = float(m.group(1))
        elif p.poll() is not None:
            break
        else:
            time.sleep(0.05)
    p.kill()
    p.wait()
    with open(log, "w") as f:
        f.write("$ " + " ".join(argv) + "\n" + data.decode("utf-8", "replace"))
    if t is None:
        problems.append("linux_boot_ratio: %s: no 'Run /init as init process' (log %s)"
                        % (what, log))
    return t


def linux_boot_ratio(args, cpu, results, problems):
    """Linux's guest time to /init under Warden (systems/bench-linux.xml: 1 vCPU, console
    guest) divided by the same kernel, initramfs, bootargs and DTB (Warden's guest DTB, given
    with -dtb) on bare QEMU at EL1, -smp 1, both under -icount shift=0,sleep=off."""
    name = args.linux
    image = os.path.join(args.build, "images", name + ".img")
    dts = os.path.join(args.build, "images", name + ".linux.dts")
    dtb = os.path.join(args.build, "bench", name + ".dtb")
    linux = os.path.join(args.build, "linux")
    if not os.path.exists(dts) or not os.path.exists(os.path.join(linux, "Image")):
        problems.append("linux_boot_ratio: %s or %s/Image missing (make linux)" % (dts, linux))
        return
    if cpu not in BARE_CPU:
        problems.append("linux_boot_ratio: no bare-QEMU CPU for %s" % cpu)
        return
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb, dts], check=True)
    with open(dts) as f:
        src = f.read()
    bootargs = re.search(r'bootargs = "([^"]*)"', src).group(1)
    mem = int(re.search(r"memory@40000000 \{[^}]*reg = <0x0+ 0x40000000 0x0+ (0x[0-9a-f]+)>",
                        src).group(1), 16) >> 20
    logs = os.path.join(args.build, "bench")
    warden = boot_to_init(qemu.qemu_argv(image, "warden", cpu, args.mem, 1, icount=True),
                          os.path.join(logs, "linux-warden-%s.log" % cpu), args.timeout,
                          problems, "under Warden")
    bare_argv = ["qemu-system-aarch64", "-M", "virt,gic-version=3", "-cpu", BARE_CPU[cpu],
                 "-m", str(mem), "-smp", "1", "-nographic", "-net", "none", "-monitor", "none",
                 "-serial", "stdio", "-kernel", os.path.join(linux, "Image"),
                 "-initrd", os.path.join(linux, "initramfs.cpio"), "-append", bootargs,
                 "-dtb", dtb, "-icount", "shift=0,sleep=off"]
    bare = boot_to_init(bare_argv, os.path.join(logs, "linux-bare-%s.log" % cpu),
                        args.timeout, problems, "on bare QEMU")
    if warden is None or bare is None or bare <= 0:
        return
    results["linux_boot_ratio"] = round(warden / bare, 3)
    results["linux_boot_to_init_s"] = {"warden": warden, "bare_qemu_el1": bare}


def measure(args, cpu):
    problems, notes, raw = [], [], {}
    os.makedirs(os.path.join(args.build, "bench"), exist_ok=True)
    for name in args.images:
        raw.update(run_image(args.build, name, cpu, args.mem, args.smp, args.timeout, problems))
    results = {"cpu": cpu, "commit": commit()}
    breakdown = {}
    for key, f in raw.items():
        results[key] = f["total"]
        breakdown[key] = {lv: f[lv] for lv in LEVELS}
        if sum(f[lv] for lv in LEVELS) != f["total"]:
            problems.append("%s: EL0..EL3 add up to %d, the total is %d" %
                            (key, sum(f[lv] for lv in LEVELS), f["total"]))
        if f["same"] != f["iters"]:
            notes.append("%s: %d of %d iterations took exactly %d instructions (the most: %d)"
                         % (key, f["same"], f["iters"], f["total"], f["max"]))
    results["breakdown"] = breakdown
    if args.linux:
        linux_boot_ratio(args, cpu, results, problems)
    return results, raw, problems, notes


def table(results, raw):
    out = []
    hdr = "%-22s %7s %6s %6s %6s %6s %9s %11s  %s" % (
        "path", "total", "EL0", "EL1", "EL2", "EL3", "-raw_smc", "iterations", "what")
    out += [hdr, "-" * len(hdr)]
    known = [k for k, _ in KEYS]
    extra = [(k, "") for k in sorted(raw) if k not in known]
    for key, what in KEYS + extra:
        if key not in raw:
            out.append("%-22s %7s %6s %6s %6s %6s %9s %11s  %s" %
                       (key, "-", "", "", "", "", "", "", what + " [no such path yet]"))
            continue
        f = raw[key]
        rel = results[key] - results["raw_smc"] if "raw_smc" in results else None
        out.append("%-22s %7d %6d %6d %6d %6d %9s %11s  %s" % (
            key, f["total"], f["el0"], f["el1"], f["el2"], f["el3"],
            "" if rel is None or key == "raw_smc" else "%+d" % rel,
            "%d/%d" % (f["same"], f["iters"]), what))
    out.append("")
    out.append("targets:")
    for label, fn, limit in TARGETS:
        v = fn(results)
        state = "not measured" if v is None else ("met" if v <= limit else "MISSED")
        out.append("  %-26s <= %-5d %7s  %s" % (label, limit, "-" if v is None else v, state))
    v = results.get("linux_boot_ratio")
    t = results.get("linux_boot_to_init_s", {})
    out.append("  %-26s <= %-5s %7s  %s" % (
        "linux_boot_ratio", "1.2", "-" if v is None else "%.3f" % v,
        "not measured" if v is None else ("met" if v <= 1.2 else "MISSED") +
        " (Run /init at %.3f s under Warden, %.3f s on bare QEMU at EL1)"
        % (t.get("warden", 0), t.get("bare_qemu_el1", 0))))
    return "\n".join(out)


# --- --profile: instructions per function, from QEMU's execution log -------------------------------

def symbols(elf, base=0):
    """[(address, name)] of the functions in an ELF, sorted."""
    out = subprocess.run(["llvm-nm", "-n", elf], capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16) + base, p[2]))
    return syms


def op_addresses(elf):
    """Addresses of the measured instructions (the svc/smc/hvc of each bench_<op> of
    user/bench-client/measure.S) and of bench_none, which each measurement calls first."""
    out = subprocess.run(["llvm-objdump", "-d", elf], capture_output=True, text=True).stdout
    ops, fn, none = set(), None, None
    for line in out.splitlines():
        m = re.match(r"^([0-9a-f]+) <(\w+)>:", line)
        if m:
            fn = m.group(2)
            if fn == "bench_none":
                none = int(m.group(1), 16)
            continue
        m = re.match(r"^\s*([0-9a-f]+):\s.*\t(svc|smc|hvc)\s", line)
        if m and fn and re.match(r"^bench_(smc|hvc|svc\d+)$", fn):
            ops.add(int(m.group(1), 16))
    return ops, none


def profile_image(args, name, cpu):
    """[(key, [(level, function, instructions)])] for the [BENCH] lines of one image."""
    img = os.path.join(args.build, "images", name)
    payload = img + ".elf"  # an EL2 payload has its ELF beside the image; a system has the kernel
    el2_elf = payload if os.path.exists(payload) else os.path.join(args.build, "kernel",
                                                                   "kernel.elf")
    el2_base = 0 if el2_elf == payload else 0x40200000  # the kernel is linked at 0, runs there
    # Components are all linked at 0x400000: EL0 code is named by the measuring component only
    # (bench-client for the system images), other components' code shows as "EL0 (other)".
    el0_elf = os.path.join(args.build, "user", "bench-client.elf")
    syms = [(a, "EL3", n) for a, n in symbols(os.path.join(args.build, "monitor-bench", "monitor.elf"))]
    syms += [(a, "EL2", n) for a, n in symbols(el2_elf, el2_base)]
    ops, none = op_addresses(payload if el2_elf == payload else el0_elf)
    syms.sort()
    addrs = [a for a, _, _ in syms]
    log = os.path.join(args.build, "bench", "%s-%s.exec.log" % (name, cpu))
    argv = qemu.qemu_argv(img + ".img", "warden", cpu, args.mem, args.smp, icount=True,
                          extra=["-no-reboot", "-singlestep", "-d", "exec,nochain", "-D", log])
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=args.timeout * 4)
    keys = [m.group(1) for m in BENCH_RE.finditer(p.stdout.decode("utf-8", "replace"))]
    pcs = []
    with open(log) as f:
        for line in f:
            m = re.search(r"\[[0-9a-f]+/([0-9a-f]+)/", line)
            if m:
                pcs.append(int(m.group(1), 16))
    # Windows: from a measured instruction to the one after it. Each measurement (one [BENCH]
    # line, in order) starts with its baseline runs of bench_none; keep its last window.
    windows, new, i = [], True, 0
    while i < len(pcs):
        if pcs[i] == none:
            new = True
        elif pcs[i] in ops:
            j = i + 1
            while j < len(pcs) and pcs[j] != pcs[i] + 4:
                j += 1
            if new:
                windows.append(pcs[i:j])
                new = False
            else:
                windows[-1] = pcs[i:j]
            i = j
            continue
        i += 1
    out = []
    for key, seq in zip(keys, windows):
        count = {}
        for pc in seq:
            k = bisect.bisect_right(addrs, pc) - 1
            if pc < 0x10000000 and el2_elf != payload and 0x400000 <= pc:
                lv = "EL0"
                fn = next((n for a, n in reversed(symbols(el0_elf)) if a <= pc), "?") \
                    if pc in ops else "(component)"
            elif k >= 0:
                lv, fn = syms[k][1], syms[k][2]
            else:
                lv, fn = "?", "?"
            count[(lv, fn)] = count.get((lv, fn), 0) + 1
        out.append((key, len(seq), [(lv, fn, n) for (lv, fn), n in count.items()]))
    return out


def profile(args):
    cpu = (args.cpu.split() or ["max"])[0]
    os.makedirs(os.path.join(args.build, "bench"), exist_ok=True)
    for name in args.images:
        for key, total, rows in profile_image(args, name, cpu):
            print("%s (%s, CPU=%s): %d instructions" % (key, name, cpu, total))
            for lv, fn, n in rows:
                print("  %s %5d  %s" % (lv, n, fn))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.environ.get("WARDEN_BUILD", "build"))
    ap.add_argument("--cpu", default=os.environ.get("CPU", "max"))
    ap.add_argument("--mem", type=int, default=512)
    ap.add_argument("--smp", type=int, default=1,
                    help="CPUs (default 1: under -icount QEMU's instruction count is global, "
                         "so any other running CPU would show in the counts)")
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("--profile", action="store_true",
                    help="instructions per function of each operation (QEMU -singlestep log)")
    ap.add_argument("--linux", default=None, metavar="IMAGE",
                    help="also measure linux_boot_ratio with this Linux system image")
    ap.add_argument("images", nargs="+")
    args = ap.parse_args()
    if args.profile:
        profile(args)
        return
    failed = False
    cpus = args.cpu.split() or ["max"]
    for i, cpu in enumerate(cpus):
        results, raw, problems, notes = measure(args, cpu)
        print("Warden benchmarks: CPU=%s commit %s, QEMU -icount shift=0,sleep=off, "
              "instructions per operation" % (cpu, results["commit"]))
        print(table(results, raw))
        for n in notes:
            print("note: " + n)
        for p in problems:
            print("PROBLEM: " + p)
        failed |= bool(problems)
        text = json.dumps(results, indent=2) + "\n"
        paths = [os.path.join(args.build, "bench", "results-%s.json" % cpu)]
        if i == 0:
            paths.append(os.path.join(args.build, "bench", "results.json"))
        for path in paths:
            with open(path, "w") as f:
                f.write(text)
        print("wrote " + " and ".join(paths) + ("\n" if i + 1 < len(cpus) else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
