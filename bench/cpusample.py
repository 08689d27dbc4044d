#!/usr/bin/env python3
"""Runs a command and shows how many cores it used over time (docs/benchmarks-log.md, "Run of
2026-12-03, evening").

    python3 bench/cpusample.py LOG COMMAND [ARGS...]

Reads the process's CPU time (user + system, /proc/PID/stat) every half second, then prints
and writes to LOG: the wall time, the CPU time, how long the run spent below 1.5 cores at its
end, and the cores used in each 4-second window. The command's stderr goes to LOG.err.
Linux only; counts the process itself and the threads in it, not its children.
"""
import os
import subprocess
import sys
import time

STEP = 0.5
WINDOW = 4


def main():
    log, command = sys.argv[1], sys.argv[2:]
    tick = os.sysconf("SC_CLK_TCK")
    started = time.time()
    with open(log + ".err", "w") as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        samples, cpu = [], 0.0
        while proc.poll() is None:
            try:
                with open(f"/proc/{proc.pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
                cpu = (int(fields[11]) + int(fields[12])) / tick
            except (OSError, IndexError, ValueError):
                pass  # the process ended between poll() and the read
            samples.append((time.time() - started, cpu))
            time.sleep(STEP)
    wall = time.time() - started
    windows = []
    for k in range(int(wall // WINDOW) + 1):
        s = [c for t, c in samples if k * WINDOW <= t < (k + 1) * WINDOW]
        if len(s) > 1:
            windows.append(f"{(s[-1] - s[0]) / ((len(s) - 1) * STEP):.1f}")
    # The end: walk back while the last second used under 1.5 cores.
    j = len(samples) - 1
    while j >= 2:
        (t0, c0), (t1, c1) = samples[j - 2], samples[j]
        if (c1 - c0) / (t1 - t0) > 1.5:
            break
        j -= 1
    tail = wall - samples[j][0] if samples else wall
    report = (
        f"wall {wall:.1f} s, cpu {cpu:.1f} s, below 1.5 cores at the end {tail:.1f} s, "
        f"exit {proc.returncode}\ncores per {WINDOW} s: {' '.join(windows)}\n"
    )
    with open(log, "w") as f:
        f.write(report)
    print(report, end="")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
