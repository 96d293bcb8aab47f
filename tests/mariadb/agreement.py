#!/usr/bin/python3
"""Runs tests/agreement/script.sql, unchanged, on MariaDB (the mariadb client, inside
tests/mariadb/server.sh's server) and on SQLite (the lucia.so module), and compares every call's
result or error with tests/agreement/run.py's own normalisation; run.py compares PostgreSQL with
SQLite, so the three engines agree. Usage: agreement.py <SQLite lucia.so> <lucia_mariadb.so>
Prints "agreement-mariadb: N calls, M the same on MariaDB and SQLite, K different", after a line
naming the calls of the script left out because MariaDB does not have them (NOT_ON_MARIADB)."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "agreement"))
import run  # noqa: E402  (tests/agreement/run.py: the script, SQLite's run and the normalisation)

DATABASE = "lucia_agreement"
# Functions that PostgreSQL and SQLite have and MariaDB does not: the authenticated user of issue 15
# (a transaction's in PostgreSQL, a connection's in SQLite; not built for MariaDB). Their lines are
# left out of both runs here (so the comparison stays call for call), by this list and said in the
# output: any other function MariaDB lacks makes its calls differ, and the test fail.
NOT_ON_MARIADB = {"lucia_authenticate", "lucia_authenticated_user_id", "lucia_clear_authentication"}
UNITS = {"s": 1, "min": 60, "h": 3600, "d": 86400}

# One call whose result or error comes back as one line; a procedure because a function cannot
# run dynamic SQL.
WRAPPER = r"""
DELIMITER //
CREATE PROCEDURE agree(p_call LONGTEXT)
BEGIN
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
  BEGIN
    GET DIAGNOSTICS CONDITION 1 @agree_message = MESSAGE_TEXT;
    SELECT CONCAT('ERROR: ', @agree_message);
  END;
  SET @agree_sql = CONCAT('SELECT ', p_call, ' INTO @agree_result');
  PREPARE agree_call FROM @agree_sql;
  EXECUTE agree_call;
  DEALLOCATE PREPARE agree_call;
  SELECT IFNULL(@agree_result, 'null');
END //
DELIMITER ;
"""


def client(*arguments, **options):
    command = ["mariadb", "--no-defaults", "--socket=" + os.environ["LUCIA_MARIADB_SOCKET"], "-uroot", "-N", "-B", "-r"]
    return subprocess.run(command + list(arguments), text=True, capture_output=True, check=True, **options).stdout


def install(library):
    subprocess.run(["bash", os.path.join(ROOT, "mariadb_ext", "install.sh"), "--library", library, "--database",
                    DATABASE, "--", "--socket=" + os.environ["LUCIA_MARIADB_SOCKET"], "-uroot"],
                   check=True, capture_output=True)


def setting(line, show):
    """SET lucia.x = 'v' as MariaDB's system variable. A duration becomes whole seconds, read by
    core's rule as PostgreSQL reads it ('0100' is octal, '1.501d' rounds to 36h): show(name, value)
    is SHOW's spelling of the value, from the SQLite module's lucia_set_config."""
    name, value = run.SET_LINE.match(line).groups()
    variable = "lucia_" + name.split(".", 1)[1]
    duration = re.match(r"^(\d+)(s|min|h|d)$", show(name, value))
    if duration and name in ("lucia.active_period", "lucia.idle_period"):
        return "SET SESSION %s = %d;" % (variable, int(duration.group(1)) * UNITS[duration.group(2)])
    return "SET SESSION %s = '%s';" % (variable, value)


def shown_by(sqlite_module):
    """show(name, value): the value as SQLite's lucia_set_config (core's parser) shows it."""
    import sqlite3
    db = sqlite3.connect(":memory:")
    db.enable_load_extension(True)
    db.load_extension(sqlite_module)
    return lambda name, value: db.execute("SELECT lucia_set_config(?, ?)", (name, value)).fetchone()[0]


def quoted(text):
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def run_mariadb(lines, library, show):
    """The script in chunks: after a change to auth_user's columns install.sh runs again (it
    generates the routines that read and write them); settings are repeated in every chunk."""
    client("-e", "DROP DATABASE IF EXISTS %s; CREATE DATABASE %s" % (DATABASE, DATABASE))
    install(library)
    client(DATABASE, input=WRAPPER)
    started = None
    results, settings, chunk = [], [], []
    carried = []  # the settings made before the chunk began

    def flush():
        nonlocal started, carried
        if not chunk:
            return
        if started is None:
            started = float(client("-e", "SELECT UNIX_TIMESTAMP(NOW(3)) * 1000").strip())
        out = client(DATABASE, input="\n".join(carried + chunk))
        results.extend(None if r == "null" else r for r in out.splitlines())
        chunk.clear()
        carried = list(settings)

    for line in lines:
        name = run.function_name(line)
        if line.startswith("SET "):
            settings.append(setting(line, show))
            chunk.append(settings[-1])
        elif name == "lucia_create_tables":
            chunk.append("CALL lucia_create_tables(); SELECT 'null';")
        elif name.startswith("lucia_"):
            chunk.append("CALL agree(%s);" % quoted(line))
        else:
            chunk.append(line + ";")
            if re.match(r"^ALTER TABLE auth_user\b", line, re.I):
                flush()
                install(library)
    flush()
    return started, results


def main():
    sqlite_module, library = sys.argv[1], sys.argv[2]
    left_out = [line for line in run.script_lines() if run.function_name(line) in NOT_ON_MARIADB]
    lines = [line for line in run.script_lines() if run.function_name(line) not in NOT_ON_MARIADB]
    calls = [line for line in lines if run.function_name(line).startswith("lucia_")]
    print("agreement-mariadb: %d calls left out, PostgreSQL and SQLite only: %s"
          % (len(left_out), ", ".join(sorted({run.function_name(line) for line in left_out})) or "none"))
    my_started, my_results = run_mariadb(lines, library, shown_by(sqlite_module))
    sq_started, sq_results = run.run_sqlite(lines, sqlite_module)
    if len(my_results) != len(calls) or len(sq_results) != len(calls):
        print("FAIL: %d calls, MariaDB gave %d results, SQLite %d" % (len(calls), len(my_results), len(sq_results)))
        print("agreement-mariadb: %d calls, 0 the same on MariaDB and SQLite, %d different" % (len(calls), len(calls)))
        return 1
    my_ids, sq_ids = {}, {}
    failed = 0
    for line, mine, theirs in zip(calls, my_results, sq_results):
        a = run.comparable(line, mine, my_started, my_ids)
        b = run.comparable(line, theirs, sq_started, sq_ids)
        if a != b:
            failed += 1
            print("DIFFERENT %s\n  mariadb: %s\n  sqlite:  %s" % (line, a, b))
    print("agreement-mariadb: %d calls, %d the same on MariaDB and SQLite, %d different"
          % (len(calls), len(calls) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
