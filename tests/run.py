#!/usr/bin/env python3
"""Warden's test harness: runs the host unit tests (cmocka, TAP output) and the system tests
(QEMU runs described by tests/system/*.test), prints one line per test and closes with
`N passed, N failed`. Exits non-zero on any failure or timeout.

  tests/run.py [FILTER...]     run only tests whose name contains one of the filters

Environment: WARDEN_BUILD (build dir), CPU (a QEMU CPU model, or several separated by spaces:
every system test runs on each), FIRMWARE (warden, qemu, tfa, uboot; see tools/qemu.py),
TFA_DIR (FIRMWARE=tfa: a TF-A build, or a folder of builds; every system test runs on each),
TEST_TIMEOUT (default per-run timeout), TEST_JOBS (parallel QEMU runs, default 2).

A system test file is INI; each section is one QEMU run:
  [name]
  image = monitor-tests   ; boots $WARDEN_BUILD/images/<image>.img (.fw with the warden monitor)
  firmware = warden       ; default (= $FIRMWARE, the default), or the firmwares the test is
                          ; written for: it runs on $FIRMWARE if listed, else on the first
                          ; listed in a warden or qemu run, and is skipped under tfa/uboot
  needs = WHY             ; why it is written for those firmwares (printed when skipped)
  requires = PATH...      ; files under $WARDEN_BUILD the run boots (e.g. linux/Image from
                          ; `make linux`): where one is missing the run is skipped, saying so
  cpus = max cortex-a57   ; optional: run only on these CPU models
  args = -no-reboot       ; extra QEMU arguments
  expect = REGEX          ; each line a regex some output line must match; {fw:KEY} stands
                          ; for what the run's firmware answers (tests/firmwares.py)
  reject = REGEX          ; each line a regex no output line may match
  done = yes              ; the run must print [DONE] (default yes)
  exit = 0                ; expected QEMU exit status (default 0)
  timeout = 30
  smp = 4                 ; QEMU CPUs
  until = REGEX           ; end the run (stop QEMU) at the first output line matching REGEX;
                          ; expect/reject then apply to the output so far, done/exit do not
  via = qemu.py           ; run through tools/qemu.py as `make run` does: `exit` is then its
                          ; status (1 when the kernel's last line reports a fault stop)
  send = REGEX => TEXT    ; each line: once REGEX matches the output after the previous send's
                          ; match (not line by line: a prompt has no newline), type TEXT on
                          ; the console (Python escapes: \r Enter, \x03 Ctrl-c); in order
Inside a run, each `[PASS] name` line is a passed test, each `[FAIL] name: why` a failed one;
the run's own checks (timeout, [DONE], expect, exit status) count as one more test."""
import concurrent.futures
import configparser
import glob
import os
import re
import selectors
import shlex
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.path.insert(0, os.path.join(ROOT, "tests"))
import firmwares  # noqa: E402
import qemu  # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "tests", "fuzz"))
import fuzz  # noqa: E402

BUILD = os.environ.get("WARDEN_BUILD", "build")
CPUS = os.environ.get("CPU", "max").split() or ["max"]
FIRMWARE = os.environ.get("FIRMWARE", "warden")
TIMEOUT = int(os.environ.get("TEST_TIMEOUT", "60"))
JOBS = int(os.environ.get("TEST_JOBS", "2"))
LOGS = os.path.join(BUILD, "tests", "logs")

results = []  # (ok, name, detail)
skipped = []  # (name, why)


def record(ok, name, detail=""):
    results.append((ok, name, detail))
    line = ("PASS " if ok else "FAIL ") + name + (": " + detail if detail and not ok else "")
    print(line, flush=True)


def selected(name, filters):
    return not filters or any(f in name for f in filters)


def run_unit(path, filters):
    name = "unit/" + os.path.basename(path)
    if not selected(name, filters):
        return
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    try:
        p = subprocess.run([path], env=env, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        record(False, name, "timed out after %ds" % TIMEOUT)
        return
    seen = 0
    for line in p.stdout.splitlines():
        m = re.match(r"^(not ok|ok) \d+ - (.*)$", line)
        if m:
            seen += 1
            record(m.group(1) == "ok", name + ": " + m.group(2).strip(),
                   "see output of " + path)
    if seen == 0 or (p.returncode != 0 and all(r[0] for r in results if r[1].startswith(name))):
        record(False, name, "exit status %d, %d results; stderr: %s"
               % (p.returncode, seen, p.stderr.strip()[-300:]))
    if p.returncode != 0:
        sys.stdout.write(p.stdout[-2000:] + p.stderr[-2000:])


def load_system_tests(filters):
    runs = []
    # Under FIRMWARE=tfa every system test runs on each TF-A build found (both hand-offs).
    tfas = qemu.tfa_builds() if FIRMWARE == "tfa" else [(None, None)]
    for cpu in CPUS:
        for tfa_name, tfa_path in tfas:
            runs += load_system_tests_for(filters, cpu, tfa_name, tfa_path)
    return runs


def run_firmware(c):
    """(firmware this test runs on, None) or (None, why it is skipped)."""
    fws = c.get("firmware", "default").split() or ["default"]
    if fws == ["default"] or FIRMWARE in fws:
        return FIRMWARE, None
    if FIRMWARE not in ("warden", "qemu"):
        return None, "written for %s: %s" % (" or ".join(fws), c.get("needs", "no reason given"))
    if fws[0] == "tfa" and qemu.tfa_missing():
        return None, "needs TF-A: " + qemu.tfa_missing()
    if fws[0] == "uboot" and not os.path.exists(qemu.UBOOT_BIN):
        return None, "needs U-Boot: %s is missing (apt-get install u-boot-qemu)" % qemu.UBOOT_BIN
    return fws[0], None


def load_system_tests_for(filters, cpu, tfa_name=None, tfa_path=None):
    runs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "system", "*.test"))):
        cp = configparser.ConfigParser(inline_comment_prefixes=(";",), interpolation=None)
        cp.read(path)
        for sec in cp.sections():
            c = cp[sec]
            tag = ([cpu] if len(CPUS) > 1 else []) + (["tfa-" + tfa_name] if tfa_name else [])
            name = "system/" + sec + ("@" + "+".join(tag) if tag else "")
            cpus = c.get("cpus", "").split()
            if cpus and cpu not in cpus:
                continue
            if not selected(name, filters):
                continue
            fw, why = run_firmware(c)
            missing = [f for f in c.get("requires", "").split()
                       if not os.path.exists(os.path.join(BUILD, f))]
            if missing:
                fw, why = None, "needs %s (make linux)" % ", ".join(
                    os.path.join(BUILD, f) for f in missing)
            if fw is None:
                skipped.append((name, why))
            else:
                runs.append((name, c, cpu, fw, tfa_path))
    return runs


def expand(rx, fw, cpu):
    """{fw:KEY} in a regex: the firmware table's value for this run, matched literally."""
    return re.sub(r"\{fw:(\w+)\}", lambda m: re.escape(firmwares.value(fw, cpu, m.group(1))),
                  rx)


def parse_sends(spec):
    """The `send` key: [(compiled REGEX, bytes to type)]."""
    sends = []
    for line in filter(None, (s.strip() for s in spec.splitlines())):
        rx, sep, text = line.partition(" => ")
        if not sep:
            raise ValueError("send line %r is not 'REGEX => TEXT'" % line)
        sends.append((re.compile(rx, re.M), text.encode("latin-1").decode("unicode_escape")
                      .encode("latin-1")))
    return sends


def run_qemu(argv, timeout, until, sends=()):
    """Runs QEMU, collecting stdout and stderr; stops it at the first line matching `until`
    (a compiled regex or None); types each of `sends` (parse_sends) when its regex matches.
    Returns (text, exit status or None, timed out, stopped)."""
    sends = list(sends)
    p = subprocess.Popen(argv, stdin=subprocess.PIPE if sends else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    send_from = 0
    sel = selectors.DefaultSelector()
    sel.register(p.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    data, line_start, timed_out, stopped = b"", 0, False, False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            break
        if not sel.select(left):
            continue
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk:
            break
        data += chunk
        while sends:
            text = data.decode("utf-8", "replace").replace("\r", "")
            m = sends[0][0].search(text, send_from)
            if not m:
                break
            send_from = m.end()
            try:
                p.stdin.write(sends.pop(0)[1])
                p.stdin.flush()
            except OSError:
                sends = []
        if until:
            end = data.rfind(b"\n")
            if end >= line_start:
                done = data[line_start:end].decode("utf-8", "replace")
                line_start = end + 1
                if any(until.search(line) for line in done.replace("\r", "").splitlines()):
                    stopped = True
                    break
    if timed_out or stopped:
        p.kill()
    if p.stdin:
        try:
            p.stdin.close()
        except OSError:
            pass
    status = p.wait()
    sel.close()
    p.stdout.close()
    return data.decode("utf-8", "replace"), (None if timed_out else status), timed_out, stopped


def run_system(name, c, cpu, fw, tfa_path=None):
    """One QEMU run; returns a list of (ok, name, detail) and the log path."""
    image = os.path.join(BUILD, "images", c["image"] + ".img")
    timeout = int(c.get("timeout", str(TIMEOUT)))
    out = []
    missing = os.path.splitext(image)[0] + ".fw" if fw == "warden" else image
    if not os.path.exists(missing):
        return [(False, name, "image %s was not built" % missing)], None
    mem, smp, extra = int(os.environ.get("MEM", "512")), int(c.get("smp", "4")), \
        shlex.split(c.get("args", ""))
    argv = qemu.qemu_argv(image, fw, cpu, mem, smp, c.getboolean("icount", False),
                          extra=extra, tfa=tfa_path)
    if c.get("via") == "qemu.py":
        argv = ([sys.executable, os.path.join(ROOT, "tools", "qemu.py"), "--firmware", fw,
                 "--cpu", cpu, "--mem", str(mem), "--smp", str(smp)]
                + (["--icount"] if c.getboolean("icount", False) else [])
                + (["--tfa", tfa_path] if tfa_path else []) + [image]
                + (["--"] + extra if extra else []))
    elif c.get("via"):
        return [(False, name, "unknown via = %s (only qemu.py)" % c.get("via"))], None
    os.makedirs(LOGS, exist_ok=True)
    log = os.path.join(LOGS, re.sub(r"[@+]", "-", name.split("/", 1)[1]) + ".log")
    until = c.get("until")
    start = time.monotonic()
    text, status, timed_out, stopped = run_qemu(argv, timeout, re.compile(until) if until else None,
                                                parse_sends(c.get("send", "")))
    elapsed = time.monotonic() - start
    with open(log, "w") as f:
        f.write("$ " + " ".join(argv) + "\n" + text)
    lines = text.replace("\r", "").splitlines()
    for line in lines:
        m = re.search(r"\[(PASS|FAIL)\] ([^:]*)(?::\s*(.*))?$", line)
        if m:
            out.append((m.group(1) == "PASS", name + ": " + m.group(2).strip(),
                        (m.group(3) or "").strip()))
    problems = []
    if timed_out:
        problems.append("timed out after %ds" % timeout + (" before /%s/" % until if until else ""))
    elif until and not stopped:
        problems.append("QEMU exited (status %s) before /%s/" % (status, until))
    elif not until and status != int(c.get("exit", "0")):
        problems.append("QEMU exit status %s, expected %s" % (status, c.get("exit", "0")))
    if not until and c.getboolean("done", True) and not any("[DONE]" in line for line in lines):
        problems.append("no [DONE] line")
    for rx in filter(None, (s.strip() for s in c.get("expect", "").splitlines())):
        rx = expand(rx, fw, cpu)
        if not any(re.search(rx, line) for line in lines):
            problems.append("expected output /%s/ not seen" % rx)
    for rx in filter(None, (s.strip() for s in c.get("reject", "").splitlines())):
        rx = expand(rx, fw, cpu)
        if any(re.search(rx, line) for line in lines):
            problems.append("forbidden output /%s/ seen" % rx)
    out.append((not problems, name + " (run)",
                "; ".join(problems) + " (%.1f s, log: %s)" % (elapsed, log)))
    return out, log


def main():
    filters = sys.argv[1:]
    print("Warden tests: CPU=%s FIRMWARE=%s build=%s" % (" ".join(CPUS), FIRMWARE, BUILD),
          flush=True)
    if FIRMWARE not in qemu.FIRMWARES:
        sys.exit("error: FIRMWARE=%s: one of %s" % (FIRMWARE, ", ".join(qemu.FIRMWARES)))
    if FIRMWARE == "tfa":
        why = qemu.tfa_missing()
        if why:
            sys.exit("error: FIRMWARE=tfa: " + why)
        print("TF-A builds: " + ", ".join("%s (%s)" % b for b in qemu.tfa_builds()), flush=True)
    if FIRMWARE == "uboot" and not os.path.exists(qemu.UBOOT_BIN):
        sys.exit("error: FIRMWARE=uboot: %s is missing: apt-get install u-boot-qemu "
                 "(or make deps)" % qemu.UBOOT_BIN)
    for path in sorted(glob.glob(os.path.join(BUILD, "tests", "unit", "test_*"))):
        if os.access(path, os.X_OK) and not path.endswith((".d", ".o")):
            run_unit(path, filters)
    # The libFuzzer smoke runs (tests/fuzz/fuzz.py), while QEMU runs alongside.
    fuzz_results = []
    fuzz_thread = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    fuzz_done = fuzz_thread.submit(
        fuzz.smoke, filters, lambda ok, n, d="": fuzz_results.append((ok, n, d)), TIMEOUT * 10)
    runs = load_system_tests(filters)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, JOBS)) as ex:
        futures = [ex.submit(run_system, *r) for r in runs]
        for f in futures:
            outs, _ = f.result()
            for ok, n, d in outs:
                record(ok, n, d)
    fuzz_done.result()
    for ok, n, d in fuzz_results:
        record(ok, n, d)
    for n, why in skipped:
        print("SKIP %s: %s" % (n, why))
    if skipped:
        print("%d system test runs skipped under FIRMWARE=%s (reasons above)"
              % (len(skipped), FIRMWARE))
    passed = sum(1 for r in results if r[0])
    failed = len(results) - passed
    if failed:
        print("\nFailures:")
        for ok, n, d in results:
            if not ok:
                print("  " + n + (": " + d if d else ""))
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed or not results else 0)


if __name__ == "__main__":
    main()
