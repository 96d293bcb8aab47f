#!/usr/bin/python3
"""Memory row (inside pg_virtualenv, run by bench/run.sh): do 2 concurrent logins cost 2x one login's scrypt memory, and is it freed?

Usage: memory_two_logins.py [results file]   (RUNS rounds; needs root or the cluster's user to read
and reset /proc/<backend pid>/status and clear_refs.) Each round logs in once in a fresh backend,
then twice at the same time in two fresh backends, and reads VmHWM (peak) and VmRSS of each
backend from /proc. Prints
  memory_two_logins <median> <min> <max> one_mib=.. two_mib=.. after_mib=.. after_anon_mib=.. together_mib=.. rounds=..
where the ratio is (sum of the 2 backends' peak increases) / (the single backend's peak increase),
one_mib and two_mib those increases, after_mib the largest VmRSS increase of any backend once its
login returned (what was not given back), after_anon_mib the same for RssAnon (private memory:
the rest of after_mib is library code paged in and shared memory touched for the first time), and
together_mib the largest sum of the 2 backends' RSS increases sampled while both logins ran
(medians over the rounds). rounds= lists one/two+two/after per round.
"""
import os
import select
import statistics
import subprocess
import sys
import time

RUNS = int(os.environ.get("RUNS", "5"))
DB = "bench_memory"
BENCH = os.path.dirname(os.path.abspath(__file__))
LOGIN = "SELECT user_id FROM lucia_validate_key('email', 'bench@example.com', 'correct horse battery staple');"
# Loads lucia.so (and OpenSSL) and the catalog entries of auth_key without running scrypt, so that
# the measured increase is the login's and not the first call's.
QUIET = dict(os.environ, PGOPTIONS="-c client_min_messages=warning")  # no NOTICE from dropdb --if-exists
WARM_UP = "SELECT lucia_generate_random_string(1), count(*) FROM auth_key;"


def run(*command, env=None):
    """Runs a client program quietly; a failure stops the row."""
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)


def status(pid):
    """VmHWM, VmRSS, RssAnon of one process in MiB, from /proc/<pid>/status (kB)."""
    fields = {}
    with open(f"/proc/{pid}/status") as lines:
        for line in lines:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS", "RssAnon"):
                fields[key] = int(value.split()[0]) / 1024
    return fields["VmHWM"], fields["VmRSS"], fields["RssAnon"]


class Backend:
    """One psql connection fed statements through a pipe, so its backend stays alive between them."""

    def __init__(self):
        self.psql = subprocess.Popen(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d", DB],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        self.pid = int(self.query("SELECT pg_backend_pid();"))
        self.query(WARM_UP)

    def send(self, sql):
        """Starts a statement without waiting for its result."""
        self.psql.stdin.write(sql + "\n")
        self.psql.stdin.flush()

    def result(self):
        """Waits for the one-line result of the statement sent last; psql exiting means an error."""
        line = self.psql.stdout.readline()
        if not line:
            sys.exit(f"memory_two_logins: psql ended (backend {self.pid}); see the server log")
        return line.strip()

    def query(self, sql):
        """Runs one statement and returns its one-line result."""
        self.send(sql)
        return self.result()

    def reset_peak(self):
        """Makes VmHWM equal the current RSS (Linux >= 4.0: write 5 to clear_refs); returns (RSS, RssAnon)."""
        with open(f"/proc/{self.pid}/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
        peak, rss, anon = status(self.pid)
        if abs(peak - rss) > 0.01:
            sys.exit(f"memory_two_logins: VmHWM of {self.pid} not reset ({peak} MiB, RSS {rss} MiB)")
        return rss, anon

    def close(self):
        """Ends psql and so the backend."""
        self.psql.stdin.close()
        self.psql.wait()


def logins(count):
    """Logs in in `count` fresh backends at once: (peak increases, RSS and RssAnon increases after, sampled peak of the summed RSS increases)."""
    backends = [Backend() for _ in range(count)]
    before = [backend.reset_peak() for backend in backends]
    for backend in backends:
        backend.send(LOGIN)
    # Sample the summed RSS while the logins run, to show they overlapped.
    together, waiting = 0.0, {backend.psql.stdout: backend for backend in backends}
    while waiting:
        together = max(together, sum(status(b.pid)[1] - rss for b, (rss, _) in zip(backends, before)))
        ready, _, _ = select.select(list(waiting), [], [], 0.002)
        for stream in ready:
            user_id = waiting.pop(stream).result()
            if user_id != "u00000000000001":
                sys.exit(f"memory_two_logins: the login returned {user_id!r}")
    peaks, afters, anons = [], [], []
    for backend, (rss, anon) in zip(backends, before):
        peak, rss_after, anon_after = status(backend.pid)
        peaks.append(peak - rss)
        afters.append(rss_after - rss)
        anons.append(anon_after - anon)
        backend.close()
    return peaks, afters, anons, together


def main():
    """Makes the database, runs the rounds and prints the row."""
    results = sys.argv[1] if len(sys.argv) > 1 else "/dev/stdout"
    run("dropdb", "--if-exists", DB, env=QUIET)
    run("createdb", DB)
    run("psql", "-X", "-q", "-v", "sessions=10", "-d", DB, "-f", os.path.join(BENCH, "pgbench", "setup.sql"))
    run("psql", "-X", "-q", "-d", DB, "-c",
        "SELECT lucia_create_key('u00000000000001', 'email', 'bench@example.com', 'correct horse battery staple')")
    ratios, ones, twos, afters, anons, togethers, rounds = [], [], [], [], [], [], []
    for _ in range(RUNS):
        (one,), one_after, one_anon, _ = logins(1)
        two, two_after, two_anon, together = logins(2)
        ratios.append(sum(two) / one)
        ones.append(one)
        twos.append(sum(two))
        afters.append(max(one_after + two_after))
        anons.append(max(one_anon + two_anon))
        togethers.append(together)
        rounds.append("%.1f/%.1f+%.1f/%.2f" % (one, two[0], two[1], afters[-1]))
    line = ("memory_two_logins %.3f %.3f %.3f one_mib=%.1f two_mib=%.1f after_mib=%.2f after_anon_mib=%.2f "
            "together_mib=%.1f rounds=%s") % (
        statistics.median(ratios), min(ratios), max(ratios), statistics.median(ones), statistics.median(twos),
        statistics.median(afters), statistics.median(anons), statistics.median(togethers), ",".join(rounds))
    print(line)
    if results != "/dev/stdout":
        with open(results, "a") as out:
            out.write(line + "\n")
    run("dropdb", DB)


main()
