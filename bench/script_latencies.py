#!/usr/bin/python3
"""Latency in ms of each script in pgbench per-transaction logs (pgbench -l), in script order.

Usage: script_latencies.py median|mean|p99 LOGFILE... ; prints one figure per script number (0, 1, ...)
on one line.
Why medians for the logins: on this shared machine a few of them take twice as long as the rest,
and the mean of ~25 of them moved by 10% from round to round.
Why means for the lookups: with no think time one client's TPS is 1 / its mean latency, so the
ratio of two scripts' means, run interleaved in one pgbench, is their TPS ratio; over tens of
thousands of transactions per round the means are steady.
"""
import math
import statistics
import sys

# p99: the 99th percentile by nearest rank, for the rows about stalls (bench/sweep_latency.sh);
# defined for a single transaction too (a client that waited out a whole window).
stat = {"median": statistics.median, "mean": statistics.fmean,
        "p99": lambda xs: sorted(xs)[max(0, math.ceil(0.99 * len(xs)) - 1)]}[sys.argv[1]]
latencies = {}
for name in sys.argv[2:]:
    for line in open(name):
        fields = line.split()
        # client_id transaction_no time_us script_no time_epoch time_us_fraction [...]
        latencies.setdefault(int(fields[3]), []).append(int(fields[2]) / 1000.0)
print(" ".join("%.4f" % stat(latencies[script]) for script in sorted(latencies)))
