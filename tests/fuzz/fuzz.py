#!/usr/bin/env python3
"""Runs the libFuzzer targets (tests/fuzz/fuzz_*.c, built by `make fuzz-targets`).

  tests/fuzz/fuzz.py smoke [FILTER...]   make test: each target over its seed corpus plus a fixed
                                         number of runs from a fixed seed; each planted bug
                                         must be found within its budget
  tests/fuzz/fuzz.py long                make fuzz: each target for SECONDS (default 600) from
                                         SEED (default: time), into build/tests/fuzz/corpus-long;
                                         then the hostile component and guest (below)
  tests/fuzz/fuzz.py hostile             make fuzz-hostile: the hostile component
                                         (tests/system/hostile.xml) for CALLS (default
                                         1,000,000) calls from each of SEEDS (default 4)
                                         seeds SEED, SEED+1, ... on each CPU model in CPU
  tests/fuzz/fuzz.py guest               make fuzz-guest: the hostile guest
                                         (tests/system/hostile-guest.xml) for OPS (default
                                         120,000) operations from each of SEEDS seeds on each
                                         CPU model

Environment: WARDEN_BUILD, SEED, SECONDS, CALLS, OPS, SEEDS, CPU. Every failure prints the seed and a command that
reproduces it. Seed corpora are made here from the repository's descriptions (systems/,
tests/system/, tests/wbuild/) and from DTBs (QEMU's virt machine as the tests run it, and the
guest DTBs the builder writes beside each image)."""
import glob
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.environ.get("WARDEN_BUILD", os.path.join(ROOT, "build"))
FUZZ = os.path.join(BUILD, "tests", "fuzz")
SMOKE_SEED = 1

# target: (smoke runs, [(planted bug, runs budget, seed corpus: "all" or "good")])
TARGETS = {
    "fdt": (3000, [("FDT_PROP_LEN", 20000)]),
    "wbuild": (300, [("SLOT_BOUND", 100000)]),
    "vmm": (20000, [("VMM_FAULT_LEN", 20000)]),
    "cap": (20000, [("MINT_RANGE", 50000)]),
    "policy": (3000, [("POLICY_LAST", 20000)]),
    "smccc": (3000, [("SMCCC_MBZ", 20000)]),
    "elf": (3000, [("ELF_FILESZ", 20000)]),
}
# Extra libFuzzer flags per target.
FLAGS = {"wbuild": ["-use_value_profile=1", "-only_ascii=1", "-dict=" + os.path.join(ROOT, "tests/fuzz/wbuild.dict")]}


def write_seed(d, name, mode, payload):
    with open(os.path.join(d, name), "wb") as f:
        f.write(bytes([mode]) + payload)


def make_corpus(target, planted=False):
    """The seed corpus directory of target (made once per build). For planted-bug runs the
    wbuild corpus is tests/fuzz/seeds/ only: tests/wbuild/bad/ holds fixtures that hit the
    planted bug directly, and the larger corpus dilutes the one seed next to it."""
    d = os.path.join(FUZZ, "corpus", target + ("-good" if planted else ""))
    if os.path.isdir(d):
        return d
    os.makedirs(d)
    if target == "wbuild":
        pats = ["tests/fuzz/seeds/*.xml"]
        if not planted:
            pats += ["systems/*.xml", "tests/system/*.xml", "tests/wbuild/*/*.xml"]
        for pat in pats:
            for p in sorted(glob.glob(os.path.join(ROOT, pat))):
                name = os.path.relpath(p, ROOT).replace("/", "_")
                write_seed(d, name, 1, open(p, "rb").read())
    elif target == "fdt":
        # Inputs that crashed an earlier reader (mode byte included): regression tests.
        for p in sorted(glob.glob(os.path.join(ROOT, "tests/fuzz/seeds/fdt-*.bin"))):
            shutil.copy(p, os.path.join(d, os.path.basename(p)))
        for cpu in ("max", "cortex-a57"):
            raw = os.path.join(d, "qemu-virt-%s.raw" % cpu)
            subprocess.run(["qemu-system-aarch64", "-nodefaults", "-nographic", "-cpu", cpu,
                            "-M", "virt,virtualization=on,gic-version=3,dumpdtb=" + raw],
                           capture_output=True)
            if os.path.exists(raw):
                # QEMU pads the blob to 1 MiB; dtc rewrites it at its real size.
                out = subprocess.run(["dtc", "-q", "-I", "dtb", "-O", "dtb", raw],
                                     capture_output=True)
                os.unlink(raw)
                if out.returncode == 0:
                    write_seed(d, "qemu-virt-%s" % cpu, 3, out.stdout)
        for p in sorted(glob.glob(os.path.join(BUILD, "images", "*.dts"))):
            out = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", p], capture_output=True)
            if out.returncode == 0:
                write_seed(d, os.path.basename(p), 1, out.stdout)
    elif target == "smccc":
        # The IDs of every service the rulebook's callers name, as 24-byte records.
        ids = [0x80000000, 0x84000000, 0xc4000003, 0x84000050, 0xc4000053, 0x82000007,
               0xc2000009, 0x32000004, 0xbf00ff01, 0x8401ffff, 0xff00ffff]
        for i, fid in enumerate(ids):
            rec = (fid | (fid ^ 0x10000) << 32).to_bytes(8, "little") + \
                (fid & ~0x1ffff).to_bytes(8, "little") + \
                ((fid | 0xffff) | 0x10002 << 32).to_bytes(8, "little")
            with open(os.path.join(d, "ids-%d" % i), "wb") as f:
                f.write(rec)
    elif target == "vmm":
        # Fault records (tests/fuzz/fuzz_vmm.c: vCPU, label index, length, words) that reach
        # the paths behind the rarer vmm_ops: SYSTEM_RESET (vgic_reset), the PL011's TX
        # interrupt enabled and the SET_SPI test hook (set_irq_level), typed input into the
        # console guest's UART (enabled: UARTCR 0x301) and its reads (console_rx).
        def rec(lsel, words, vcpu=0):
            return bytes([vcpu, lsel, len(words)]) + b"".join(
                (w & (1 << 64) - 1).to_bytes(8, "little") for w in words)

        def smc(*x):
            return rec(0, [0x5e000000, 0x40201000, 0, 0] + list(x) + [0] * (18 - len(x)))

        def mmio(off, write, value=0):  # a 32-bit access to the UART (pick_ipa case 0)
            esr = 0x24 << 26 | 1 << 25 | 1 << 24 | 2 << 22 | 1 << 16 | (1 << 6 if write else 0)
            return rec(2, [esr, 0x40201000, off << 3, value] + [0] * 18)

        write_seed(d, "reset-and-irqs", 0,
                   mmio(0x38, True, 0x20) + smc(0x86000101, 40, 1) + smc(0x86000101, 40, 0) +
                   mmio(0x38, True, 0) + smc(0x84000009))
        write_seed(d, "console-input", 2,
                   mmio(0x30, True, 0x301) + rec(9, [3, int.from_bytes(b"hi\n", "little")]) +
                   mmio(0, False) +
                   mmio(0, False) + mmio(0, False))
    elif target == "elf":
        # Components as the build links them (the smallest few), and a guest.
        elfs = sorted(glob.glob(os.path.join(BUILD, "user", "*.elf")), key=os.path.getsize)[:4]
        elfs += sorted(glob.glob(os.path.join(BUILD, "guests", "*.elf")), key=os.path.getsize)[:1]
        for p in elfs:
            shutil.copy(p, os.path.join(d, os.path.basename(p)))
    if not os.listdir(d):
        write_seed(d, "empty", 0, b"")
    return d


def run(binary, args, timeout):
    t0 = time.time()
    try:
        p = subprocess.run([binary] + args, capture_output=True, text=True, timeout=timeout)
        return p.returncode, p.stderr, time.time() - t0
    except subprocess.TimeoutExpired as e:
        return None, (e.stderr or b"").decode("utf-8", "replace") if isinstance(
            e.stderr, bytes) else (e.stderr or ""), time.time() - t0


def scratch(name):
    d = os.path.join(FUZZ, "work", name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


def reproducer(binary, args):
    return " ".join([os.path.relpath(binary, ROOT)] + args)


def smoke(filters, record, timeout=600):
    """Records one result per target and one per planted bug (record(ok, name, detail))."""
    for t, (runs, plants) in TARGETS.items():
        name = "fuzz/" + t
        if filters and not any(f in name for f in filters):
            continue
        binary = os.path.join(FUZZ, "fuzz_" + t)
        if not os.path.exists(binary):
            record(False, name, "not built (make fuzz-targets)")
            continue
        work = scratch(t)
        args = ["-seed=%d" % SMOKE_SEED, "-runs=%d" % runs, "-artifact_prefix=" + work + "/"] + \
            FLAGS.get(t, []) + [work, make_corpus(t)]
        rc, err, secs = run(binary, args, timeout)
        record(rc == 0, name + ": %d runs from seed %d, corpus (%.0fs)" % (runs, SMOKE_SEED, secs),
               "exit %s; reproduce: %s\n%s" % (rc, reproducer(binary, args), err[-1500:]))
        for bug, budget in plants:
            pb = os.path.join(FUZZ, "plant-" + bug, "fuzz_" + t)
            pname = "%s: finds planted bug %s within %d runs" % (name, bug, budget)
            if not os.path.exists(pb):
                record(False, pname, "not built")
                continue
            work = scratch(t + "-" + bug)
            args = ["-seed=%d" % SMOKE_SEED, "-runs=%d" % budget,
                    "-artifact_prefix=" + work + "/"] + FLAGS.get(t, []) + \
                [work, make_corpus(t, planted=True)]
            rc, err, secs = run(pb, args, timeout)
            found = rc not in (0, None) and any(
                s in err for s in ("ERROR: AddressSanitizer", "oracle failed", "runtime error"))
            record(found, pname + " (%.0fs)" % secs,
                   "exit %s, not found; reproduce: %s" % (rc, reproducer(pb, args)))
    hostile_plant(filters, record, 300)


def hostile_plant(filters, record, timeout):
    """The hostile component against a kernel with a planted bug (tests/fuzz/build.mk): its
    20,000-call smoke must report it."""
    name = "fuzz/hostile: finds planted kernel bug SMC_RANGE within 20000 calls"
    if filters and not any(f in name for f in filters):
        return
    img = os.path.join(FUZZ, "plant-SMC_RANGE", "hostile.img")
    if not os.path.exists(img):
        record(False, name, "not built (make fuzz-targets)")
        return
    out, rc, took = qemu_run(img, "max", timeout, img[:-4] + ".log")
    found = "[FAIL] hostile-smc-inside" in out and "[FAIL] hostile-el3-only-inside" in out
    record(found, name + " (%.0fs)" % took,
           "exit %s, not found; reproduce: tools/qemu.py %s" % (rc, os.path.relpath(img, ROOT)))


def long_run(record):
    seed = int(os.environ.get("SEED") or int(time.time()))
    secs = int(os.environ.get("SECONDS") or 600)
    print("fuzz: seed %d, %d s per target" % (seed, secs), flush=True)
    for t in TARGETS:
        binary = os.path.join(FUZZ, "fuzz_" + t)
        corpus = os.path.join(FUZZ, "corpus-long", t)
        os.makedirs(corpus, exist_ok=True)
        work = scratch(t + "-long")
        args = ["-seed=%d" % seed, "-max_total_time=%d" % secs, "-print_final_stats=1",
                "-artifact_prefix=" + work + "/"] + FLAGS.get(t, []) + [corpus, make_corpus(t)]
        rc, err, took = run(binary, args, secs + 300)
        stats = [ln for ln in err.splitlines() if ln.startswith("stat::number_of_executed_units")]
        record(rc == 0, "fuzz/%s: %s in %.0fs, seed %d" % (
            t, stats[0].split(":")[-1].strip() + " runs" if stats else "?", took, seed),
            "exit %s; reproduce: %s\n%s" % (rc, reproducer(binary, args), err[-1500:]))


HOSTILE_MAGIC = b"WARDEN-HOSTILE:\0"


def patched_image(name, elf, magic, values, xml, kernel):
    """A copy of build/user/<elf> (or guests/) with the u64 words after its magic string set to
    values, packed with xml into build/tests/fuzz/<name>/ as .img and .fw; returns the .img."""
    d = os.path.join(FUZZ, name)
    os.makedirs(d, exist_ok=True)
    src = None
    for sub in ("user", "guests"):
        if os.path.exists(os.path.join(BUILD, sub, elf)):
            src = os.path.join(BUILD, sub, elf)
    data = bytearray(open(src, "rb").read())
    at = data.find(magic)
    if at < 0 or data.find(magic, at + 1) >= 0:
        raise SystemExit("fuzz: %s: no single configuration block (%r)" % (src, magic))
    at += len(magic)
    for i, v in enumerate(values):
        data[at + 8 * i:at + 8 * i + 8] = int(v).to_bytes(8, "little")
    with open(os.path.join(d, elf), "wb") as f:
        f.write(data)
    img = os.path.join(d, name + ".img")
    subprocess.run([os.path.join(BUILD, "tools", "wbuild"), "-k", kernel, "-I", d,
                    "-I", os.path.join(BUILD, "user"), "-I", os.path.join(BUILD, "guests"),
                    "-o", img, os.path.join(ROOT, xml)], check=True)
    subprocess.run([os.path.join(ROOT, "tools", "scripts", "mkflash.sh"),
                    os.path.join(BUILD, "monitor", "monitor.bin"), img, img[:-4] + ".fw"],
                   check=True, capture_output=True)
    return img


def qemu_run(img, cpu, timeout, log):
    t0 = time.time()
    try:
        # The project's monitor, whatever FIRMWARE says: the auditors' proof reads its
        # per-function-ID call counters (SIP_CALL_COUNTER_ENUM64), which TF-A does not have.
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "qemu.py"),
                            "--firmware", "warden", "--cpu", cpu, img],
                           capture_output=True, timeout=timeout)
        out, rc = p.stdout.decode("utf-8", "replace"), p.returncode
    except subprocess.TimeoutExpired as e:
        out, rc = (e.stdout or b"").decode("utf-8", "replace"), None
    with open(log, "w") as f:
        f.write(out)
    return out, rc, time.time() - t0


def hostile_run(record):
    seed = int(os.environ.get("SEED") or int(time.time()))
    calls = int(os.environ.get("CALLS") or 1000000)
    seeds = int(os.environ.get("SEEDS") or 4)
    cpus = (os.environ.get("CPU") or "max").split()
    kernel = os.path.join(BUILD, "kernel-trace", "kernel.bin")
    for s in range(seed, seed + seeds):
        img = patched_image("hostile-%d" % s, "hostile.elf", HOSTILE_MAGIC, [s, calls, 2000],
                            "tests/system/hostile.xml", kernel)
        for cpu in cpus:
            log = os.path.join(FUZZ, "hostile-%d" % s, "%s.log" % cpu)
            out, rc, took = qemu_run(img, cpu, 120 + calls // 1000, log)
            lines = out.splitlines()
            show = [ln for ln in lines if ln.startswith(("hostile:", "auditor:", "[FAIL]"))]
            ok = (rc == 0 and "[DONE]" in out and "auditor: 0 failures" in lines and
                  "[FAIL]" not in out and "KERNEL PANIC" not in out)
            print("\n".join(show), flush=True)
            record(ok, "hostile: seed %d, %d calls, cpu %s, %.0fs" % (s, calls, cpu, took),
                   "exit %s%s; log %s; reproduce: make fuzz-hostile SEED=%d SEEDS=1 CALLS=%d "
                   "CPU=%s" % (rc, " (timed out)" if rc is None else "", log, s, calls, cpu))


def guest_run(record):
    seed = int(os.environ.get("SEED") or int(time.time()))
    ops = int(os.environ.get("OPS") or 120000)
    seeds = int(os.environ.get("SEEDS") or 4)
    cpus = (os.environ.get("CPU") or "max").split()
    xml = open(os.path.join(ROOT, "tests", "system", "hostile-guest.xml")).read()
    for s in range(seed, seed + seeds):
        d = os.path.join(FUZZ, "guest-%d" % s)
        os.makedirs(d, exist_ok=True)
        desc = os.path.join(d, "hostile-guest.xml")
        with open(desc, "w") as f:
            f.write(xml.replace('cmdline="role=hostile seed=1 ops=20000"',
                                'cmdline="role=hostile seed=%d ops=%d"' % (s, ops)))
        img = os.path.join(d, "hostile-guest.img")
        subprocess.run([os.path.join(BUILD, "tools", "wbuild"), "-k",
                        os.path.join(BUILD, "kernel", "kernel.bin"), "-I",
                        os.path.join(BUILD, "user"), "-I", os.path.join(BUILD, "guests"), "-o",
                        img, desc], check=True)
        subprocess.run([os.path.join(ROOT, "tools", "scripts", "mkflash.sh"),
                        os.path.join(BUILD, "monitor", "monitor.bin"), img, img[:-4] + ".fw"],
                       check=True, capture_output=True)
        for cpu in cpus:
            log = os.path.join(d, "%s.log" % cpu)
            out, rc, took = qemu_run(img, cpu, 120 + ops // 100, log)
            show = [ln for ln in out.splitlines() if "hostile-guest:" in ln or "bystander:" in ln
                    or "[FAIL]" in ln or "hg-witness" in ln]
            print("\n".join(show), flush=True)
            ok = (rc == 0 and "by: [DONE]" in out and "[FAIL]" not in out and
                  "KERNEL PANIC" not in out and
                  "no guest or component was stopped for a fault" in out and
                  "hostile-guest: seed %d, %d operations" % (s, ops) in out)
            record(ok, "hostile guest: seed %d, %d operations, cpu %s, %.0fs" % (s, ops, cpu, took),
                   "exit %s%s; log %s; reproduce: make fuzz-guest SEED=%d SEEDS=1 OPS=%d CPU=%s"
                   % (rc, " (timed out)" if rc is None else "", log, s, ops, cpu))


def main():
    results = []

    def record(ok, name, detail=""):
        results.append(ok)
        print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + detail), flush=True)

    mode = sys.argv[1] if len(sys.argv) > 1 else "smoke"
    if mode == "long":
        long_run(record)
        hostile_run(record)
        guest_run(record)
    elif mode == "hostile":
        hostile_run(record)
    elif mode == "guest":
        guest_run(record)
    else:
        smoke(sys.argv[2:], record)
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    sys.exit(1 if failed or not results else 0)


if __name__ == "__main__":
    main()
