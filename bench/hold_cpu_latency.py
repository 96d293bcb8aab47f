#!/usr/bin/python3
"""Holds /dev/cpu_dma_latency at 0 until killed (bench/run.sh, for the whole run).

Why: on this VM an idle vCPU halts and wakes slowly, so 1-client pgbench ran 3x faster whenever
anything else kept the other vCPU busy, and its ratios measured wake-ups, not work. With a PM QoS
request of 0 us (what tuned's latency-performance profile sets) the idle vCPU polls instead, and
both sides of every ratio run at the speed of their own work. Without the device (not root, or
no cpuidle), it says so and exits; the run goes on, noisier.
"""
import os
import signal
import struct
import sys

try:
    fd = os.open("/dev/cpu_dma_latency", os.O_WRONLY)
    os.write(fd, struct.pack("i", 0))
except OSError as error:
    print(f"hold_cpu_latency: cannot hold /dev/cpu_dma_latency at 0 ({error}); timings will be noisier", file=sys.stderr)
    sys.exit(0)
# The request lasts while the file stays open: wait for bench/run.sh's kill.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
signal.pause()
