#!/usr/bin/python3
"""Median latency in ms of each script in pgbench per-transaction logs (pgbench -l), in script order.

Usage: script_medians.py LOGFILE... ; prints one median per script number (0, 1, ...) on one line.
Why medians: on this shared machine a few logins take twice as long as the rest, and the mean of
~25 of them moved by 10% from round to round.
"""
import statistics
import sys

latencies = {}
for name in sys.argv[1:]:
    for line in open(name):
        fields = line.split()
        # client_id transaction_no time_us script_no time_epoch time_us_fraction [...]
        latencies.setdefault(int(fields[3]), []).append(int(fields[2]) / 1000.0)
print(" ".join("%.3f" % statistics.median(latencies[script]) for script in sorted(latencies)))
