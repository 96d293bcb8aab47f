#!/usr/bin/python3
"""The table of bench/run.sh: each measure's median ratio (min..max) against its target."""
import sys

TARGETS = [
    ("validate_session_c1", "lucia_validate_session TPS / bare PK SELECT TPS, 1 client (`SELECT *`: 8 columns against 3)", ">=", 0.90),
    ("validate_session_c2", "lucia_validate_session TPS / bare PK SELECT TPS, 2 clients (`SELECT *`)", ">=", 0.90),
    ("validate_session_columns_c1", "lucia_validate_session TPS / bare PK SELECT TPS, 1 client (the bare statement's 3 columns)", ">=", 0.90),
    ("validate_session_columns_c2", "lucia_validate_session TPS / bare PK SELECT TPS, 2 clients (3 columns)", ">=", 0.90),
    ("validate_session_user_c1", "lucia_validate_session_user TPS / bare JOIN TPS, 1 client (`SELECT *`: 9 columns against 4)", ">=", 0.90),
    ("validate_session_user_c2", "lucia_validate_session_user TPS / bare JOIN TPS, 2 clients (`SELECT *`)", ">=", 0.90),
    ("validate_session_user_columns_c1", "lucia_validate_session_user TPS / bare JOIN TPS, 1 client (the bare statement's 4 columns)", ">=", 0.90),
    ("validate_session_user_columns_c2", "lucia_validate_session_user TPS / bare JOIN TPS, 2 clients (4 columns)", ">=", 0.90),
    ("node_pg_validate_session", "Node+pg: lucia_validate_session / Lucia JS validateSession", ">=", 1.0),
    ("node_pg_validate_session_user", "Node+pg: lucia_validate_session_user / Lucia JS validateSessionUser", ">=", 1.5),
    ("create_session_c1", "lucia_create_session TPS / bare INSERT TPS, 1 client", ">=", 0.80),
    ("create_session_c2", "lucia_create_session TPS / bare INSERT TPS, 2 clients", ">=", 0.80),
    ("validate_session_c1_separate", "cross-check, separate pgbench runs: lucia_validate_session / bare PK SELECT, 1 client (`SELECT *`)", "info", None),
    ("validate_session_c2_separate", "cross-check, separate runs: the same, 2 clients", "info", None),
    ("validate_session_user_c1_separate", "cross-check, separate runs: lucia_validate_session_user / bare JOIN, 1 client (`SELECT *`)", "info", None),
    ("validate_session_user_c2_separate", "cross-check, separate runs: the same, 2 clients", "info", None),
    ("create_session_c1_separate", "cross-check, separate runs: lucia_create_session / bare INSERT, 1 client", "info", None),
    ("create_session_c2_separate", "cross-check, separate runs: the same, 2 clients", "info", None),
    ("node_pg_create_session_10_per_user", "Node+pg: lucia_create_session / Lucia JS createSession, users with 10 sessions", ">=", 5.0),
    ("node_pg_create_session_100_per_user", "Node+pg: lucia_create_session / Lucia JS createSession, users with 100 sessions", ">=", 5.0),
    ("validate_key_vs_openssl", "lucia_validate_key time / in-process EVP_PBE_scrypt time", "<=", 1.05),
    ("node_pg_validate_key_time_vs_lucia_js", "lucia_validate_key time / Lucia JS useKey time (Node+pg)", "<=", 0.65),
    ("unknown_key_vs_wrong_password", "lucia_validate_key time, unknown key / wrong password", "in", (0.95, 1.05)),
    ("sqlite_validate_session", "SQLite in-process: lucia_validate_session / cached prepared PK SELECT", ">=", 0.80),
    ("sqlite_nested_floor", "SQLite in-process, for scale: a function doing only the nested PK SELECT / cached prepared PK SELECT", "info", None),
    ("node_sqlite_validate_session", "Node+better-sqlite3: lucia_validate_session / Lucia JS validateSession", ">=", 2.0),
    ("cost_1m_vs_10k", "validation time with 1,000,000 sessions / with 10,000", "<=", 1.3),
    ("sweep_under_load", "validation TPS while `lucia_delete_expired_sessions()` sweeps 1,000,000 dead sessions{sweep} / without", ">=ctl", 0.80),
    ("standby_validate_session", "lucia_validate_session TPS on a streaming standby / on the primary, same 10,000 sessions, 1 client", ">=", 0.95),
    ("synchronous_apply_create_session", "lucia_create_session TPS with `lucia.synchronous_apply` on / off, synchronous standby on the same machine, 1 client{per_call}", "info", None),
    ("sweep_latency_create_session", "lucia_create_session p99 latency while `CALL lucia_sweep_expired_sessions()` sweeps 1,000,000 dead sessions of the same users{sweep} / without", "<=", 2.0),
    ("sweep_latency_rotate_renewal", "rotate renewal (validating an idle session) p99 latency during that sweep{sweep} / without", "<=", 2.0),
    ("rls_count_initplan", "count(*) over 1,000,000 rows, RLS policy `owner_id = (SELECT lucia_authenticated_user_id())` / the same policy comparing to a constant (TPS, 1 client, as a role owning no table)", ">=", 0.95),
    ("rls_count_bare", "the same, the bare call `owner_id = lucia_authenticated_user_id()` (PARALLEL RESTRICTED: no parallel scan) / constant", "info", None),
    ("rls_authenticate_pk_read", "lucia_authenticate + one RLS-filtered primary-key read per transaction / lucia_validate_session + the same read without RLS (TPS, 1 client)", ">=", 0.90),
    ("memory_two_logins", "peak backend memory, 2 concurrent logins / 1 login", "memory", (2.0, 32)),
]


# Text filled in from a row's extra fields (key=value after min and max), e.g. how long the sweep took.
def describe(text, extra):
    seconds = sorted(float(x) for x in extra.get("sweep_s", "").split(",") if x)
    sweep = f" (sweep took {seconds[len(seconds) // 2]:.1f} s" if seconds else ""
    if sweep and "vs_busy" in extra:  # the control: TPS beside a backend that only burns CPU
        sweep += f"; during / beside a CPU-only backend: {float(extra['vs_busy']):.3f}"
    if sweep and "old" in extra:  # the same p99 during the one-transaction sweep of 1.0, for scale
        olds = sorted(float(x) for x in extra["old"].split(","))
        withouts = sorted(float(x) for x in extra["b"].split(","))
        sweep += f"; during `SELECT lucia_delete_expired_sessions()`: {olds[len(olds) // 2] / withouts[len(withouts) // 2]:.1f}x"
    if sweep and "no" in extra.get("inside", "").split(","):
        sweep += "; WARNING: some pgbench windows outlasted the sweep"
    on, off = sorted(float(x) for x in extra.get("on_tps", "").split(",") if x), sorted(float(x) for x in extra.get("off_tps", "").split(",") if x)
    per_call = f" ({1000 / on[len(on) // 2]:.3f} ms against {1000 / off[len(off) // 2]:.3f} ms per call)" if on and off else ""
    return text.format(sweep=sweep + ")" if sweep else "", per_call=per_call)


# Whether a median meets its target; the memory and sweep rows also look at their extra fields.
def met(op, target, value, extra):
    if op == "info":  # a reference figure, not a target
        return None
    if op == "memory":  # about 2x of one login, which is about 32 MiB, and the private memory freed afterwards
        ratio, mib = target
        one, after = float(extra["one_mib"]), float(extra["after_anon_mib"])
        return abs(value - ratio) <= 0.1 * ratio and abs(one - mib) <= 0.25 * mib and after <= 1.0
    if op == ">=ctl":  # also against the control (vs_busy=), and only if every pgbench window lay inside the sweep
        inside = "no" not in extra.get("inside", "").split(",")
        return inside and value >= target and float(extra.get("vs_busy", value)) >= target
    if op == ">=":
        return value >= target
    if op == "<=":
        return value <= target
    return target[0] <= value <= target[1]


# The table's last column: yes, NO, or empty for reference rows.
def verdict(result):
    return "" if result is None else ("yes" if result else "NO")


rows, extras = {}, {}
for line in open(sys.argv[1]):
    parts = line.split()
    if len(parts) >= 4:
        rows[parts[0]] = [float(x) for x in parts[1:4]]
        extras[parts[0]] = dict(part.split("=", 1) for part in parts[4:] if "=" in part)
print("| measure | median | min | max | target | met |")
print("| --- | --- | --- | --- | --- | --- |")
for key, text, op, target in TARGETS:
    extra = extras.get(key, {})
    text = describe(text, extra)
    if op == "memory":
        shown = f"about {target[0]:g}x {target[1]} MiB, freed"
    elif op == "in":
        shown = f"{target[0]}..{target[1]}"
    elif op == ">=ctl":
        shown = f">= {target} (both)"
    elif op == "info":
        shown = "(reference)"
    else:
        shown = f"{op} {target}"
    if key not in rows:
        print(f"| {text} | not measured | | | {shown} | |")
        continue
    median, low, high = rows[key]
    # Time measures are printed as measured; TPS ratio inversions are done where they are measured.
    value = f"{median:.3f}"
    if op == "memory":
        value = (f"{median:.1f}x: 1 login +{float(extra['one_mib']):.0f} MiB, 2 logins +{float(extra['two_mib']):.0f} MiB, "
                 f"after +{float(extra['after_mib']):.1f} MiB (private +{float(extra['after_anon_mib']):.1f} MiB)")
    print(f"| {text} | {value} | {low:.3f} | {high:.3f} | {shown} | {verdict(met(op, target, median, extra))} |")
