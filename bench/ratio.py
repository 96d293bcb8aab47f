#!/usr/bin/python3
"""Median, min and max of per-round ratios. Usage: ratio.py a1,a2,... b1,b2,...  (ratio = a/b)."""
import statistics
import sys

a = [float(x) for x in sys.argv[1].split(",")]
b = [float(x) for x in sys.argv[2].split(",")]
ratios = [x / y for x, y in zip(a, b)]
print("%.3f %.3f %.3f" % (statistics.median(ratios), min(ratios), max(ratios)))
