#!/usr/bin/python3
"""Median, min and max of one comma-separated list (chart points). Usage: stats.py x1,x2,..."""
import statistics
import sys

values = [float(x) for x in sys.argv[1].split(",")]
print("%.1f %.1f %.1f" % (statistics.median(values), min(values), max(values)))
