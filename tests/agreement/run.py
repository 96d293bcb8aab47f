#!/usr/bin/python3
"""Runs tests/agreement/script.sql on PostgreSQL (psql, inside pg_virtualenv) and on SQLite (the
lucia.so module through Debian's python3 sqlite3), and fails unless every call gives the same
result or the same error on both. Usage: run.py <path to SQLite lucia.so>
Both run the script's lines in order on one connection in autocommit: each line is a transaction
of its own unless the script says BEGIN ... COMMIT (PostgreSQL's authenticated user lasts one
transaction, SQLite's the connection)."""
import datetime
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROWS = {"lucia_create_user", "lucia_get_user", "lucia_update_user_attributes", "lucia_create_key",
        "lucia_validate_key", "lucia_get_key", "lucia_update_key_password", "lucia_create_session",
        "lucia_get_session", "lucia_get_session_user", "lucia_validate_session", "lucia_validate_session_user",
        "lucia_renew_session", "lucia_authenticate"}
SETS = {"lucia_get_all_user_keys", "lucia_get_all_user_sessions"}
VOIDS = {"lucia_delete_user", "lucia_delete_key", "lucia_invalidate_session", "lucia_invalidate_all_user_sessions",
         "lucia_create_tables", "lucia_clear_authentication"}
BOOLEANS = {"lucia_verify_password"}
SET_LINE = re.compile(r"^SET (lucia\.[a-z_]+) = '(.*)'$")


def script_lines():
    with open(os.path.join(HERE, "script.sql"), encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip() and not line.startswith("--")]


def function_name(line):
    return line.split("(", 1)[0]


def run_postgres(lines):
    """One psql session; each call goes through a wrapper that returns its JSON or its error."""
    wrapper = """
CREATE FUNCTION pg_temp.agree(call text, shape text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE result text;
BEGIN
    IF shape = 'set' THEN
        EXECUTE format('SELECT coalesce(jsonb_agg(to_jsonb(r)), ''[]'')::text FROM %s r', call) INTO result;
    ELSIF shape = 'row' THEN
        EXECUTE format('SELECT to_jsonb(r)::text FROM %s r', call) INTO result;
    ELSIF shape = 'void' THEN
        EXECUTE 'SELECT ' || call;
        result := 'null';
    ELSE
        EXECUTE format('SELECT coalesce(to_jsonb(%s)::text, ''null'')', call) INTO result;
    END IF;
    RETURN result;
EXCEPTION WHEN OTHERS THEN
    RETURN 'ERROR: ' || SQLERRM;
END $f$;
"""
    script = ["CREATE EXTENSION IF NOT EXISTS lucia;", wrapper]
    for line in lines:
        name = function_name(line)
        if line.startswith("SET "):
            script.append(line + ";")
        elif name.startswith("lucia_"):
            shape = "set" if name in SETS else "row" if name in ROWS else "void" if name in VOIDS else "scalar"
            script.append("SELECT pg_temp.agree($q$%s$q$, '%s');" % (line, shape))
        else:
            script.append(line + ";")
    database = "lucia_agreement"
    subprocess.run(["dropdb", "--if-exists", database], check=True, capture_output=True)
    subprocess.run(["createdb", database], check=True)
    try:
        started = time.time() * 1000
        out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database],
                             input="\n".join(script), text=True, capture_output=True, check=True).stdout
    finally:
        subprocess.run(["dropdb", "--if-exists", database], capture_output=True)
    results = [None if r == "null" else r for r in out.splitlines()]
    return started, results


def run_sqlite(lines, module):
    directory = tempfile.mkdtemp()
    db = sqlite3.connect(os.path.join(directory, "agreement.db"), isolation_level=None)
    db.enable_load_extension(True)
    db.load_extension(module)
    started = time.time() * 1000
    results = []
    for line in lines:
        match = SET_LINE.match(line)
        if match:
            db.execute("SELECT lucia_set_config(?, ?)", match.groups())
        elif function_name(line).startswith("lucia_"):
            try:
                value = db.execute("SELECT " + line).fetchone()[0]
                results.append(None if value is None else str(value) if not isinstance(value, str) else value)
            except sqlite3.Error as error:
                results.append("ERROR: " + str(error))
        else:
            db.execute(line)
    db.close()
    return started, results


def to_ms(iso):
    return int(datetime.datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000 + 0.5)


def normalise(value, started, ids):
    """Random ids become S1, S2...; times near the run's start become offsets in minutes."""
    if isinstance(value, list):
        return [normalise(v, started, ids) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in ("active_period_expires_at", "idle_period_expires_at", "expires_at"):
            source = {"active_period_expires_at": "active_expires", "idle_period_expires_at": "idle_expires",
                      "expires_at": "expires"}[key]
            if item is not None and to_ms(item) != value.get(source):
                out[key] = "MISMATCH %s != %s" % (item, value.get(source))
            continue
        if key == "session_id" and isinstance(item, str) and not re.match(r"^[sd]0{20}", item):
            item = ids.setdefault(item, "S%d" % (len(ids) + 1))
        elif key in ("active_expires", "idle_expires", "expires") and isinstance(item, int):
            if abs(item - started) < 400 * 86400 * 1000:
                item = "now%+dmin" % round((item - started) / 60000)
        elif isinstance(item, (dict, list)):
            item = normalise(item, started, ids)
        out[key] = item
    return out


def comparable(line, raw, started, ids):
    if raw is None or raw.startswith("ERROR: "):
        return raw
    name = function_name(line)
    if name in BOOLEANS:
        return raw in ("true", "1")
    if name in ROWS or name in SETS:
        return normalise(json.loads(raw), started, ids)
    if raw.startswith('"'):
        return json.loads(raw)
    return raw


def main():
    module = sys.argv[1]
    lines = script_lines()
    calls = [line for line in lines if function_name(line).startswith("lucia_")]
    pg_started, pg_results = run_postgres(lines)
    sq_started, sq_results = run_sqlite(lines, module)
    if len(pg_results) != len(calls) or len(sq_results) != len(calls):
        print("FAIL: %d calls, PostgreSQL gave %d results, SQLite %d" % (len(calls), len(pg_results), len(sq_results)))
        return 1
    pg_ids, sq_ids = {}, {}
    failed = 0
    for line, pg, sq in zip(calls, pg_results, sq_results):
        a = comparable(line, pg, pg_started, pg_ids)
        b = comparable(line, sq, sq_started, sq_ids)
        if a != b:
            failed += 1
            print("DIFFERENT %s\n  postgresql: %s\n  sqlite:     %s" % (line, json.dumps(a), json.dumps(b)))
    print("agreement: %d calls, %d the same on PostgreSQL and SQLite, %d different" % (len(calls), len(calls) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
