#!/usr/bin/python3
"""The module as a Python application loads it, with the standard library's sqlite3.

Run with Debian's /usr/bin/python3: its sqlite3 module is built with extension loading
(a pyenv or python.org build often is not, and has no enable_load_extension).

Usage: /usr/bin/python3 loaders_test.py path/to/lucia.so [unittest options]
"""
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import unittest

MODULE = None  # set from the command line

PASSWORD = "correct horse battery staple"


def connect(path, suffix=True):
    """A connection with lucia loaded, in autocommit (isolation_level=None)."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.enable_load_extension(True)
    conn.load_extension(MODULE if suffix else MODULE[: -len(".so")])
    conn.enable_load_extension(False)
    return conn


def scalar(conn, sql, params=()):
    return conn.execute(sql, params).fetchone()[0]


class LoaderTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="lucia-python-")
        self.path = os.path.join(self.dir, "auth.db")
        self.conn = connect(self.path)
        self.assertIsNone(scalar(self.conn, "SELECT lucia_create_tables()"))

    def tearDown(self):
        self.conn.close()
        shutil.rmtree(self.dir)

    def create_ada(self):
        user = json.loads(scalar(self.conn, "SELECT lucia_create_user('username', 'ada', ?, '{}', 'ada-1')", (PASSWORD,)))
        self.assertEqual(user, {"user_id": "ada-1", "attributes": {}})

    def test_loads_with_and_without_the_suffix(self):
        self.assertTrue(MODULE.endswith(".so"), MODULE)
        for suffix in (True, False):
            with self.subTest(suffix=suffix):
                conn = connect(":memory:", suffix=suffix)
                try:
                    self.assertEqual(scalar(conn, "SELECT lucia_config('lucia.renewal')"), "rotate")
                finally:
                    conn.close()

    def test_user_with_password_logs_in(self):
        self.create_ada()
        key = json.loads(scalar(self.conn, "SELECT lucia_validate_key('username', 'ada', ?)", (PASSWORD,)))
        self.assertEqual(key["user_id"], "ada-1")
        self.assertEqual(key["provider_id"], "username")
        self.assertEqual(key["provider_user_id"], "ada")
        self.assertIs(key["primary_key"], True)
        self.assertIs(key["password_defined"], True)
        self.assertEqual(key["type"], "persistent")
        self.assertIsNone(key["expires"])
        self.assertEqual(scalar(self.conn, "SELECT lucia_validate_key('username', 'ada', ?) ->> 'user_id'", (PASSWORD,)),
                         "ada-1")
        stored = scalar(self.conn, "SELECT hashed_password FROM auth_key WHERE id = 'username:ada'")
        self.assertRegex(stored, r"^s2:[A-Za-z0-9]{16}:[0-9a-f]{128}$")

    def test_wrong_password_raises_operational_error(self):
        self.create_ada()
        with self.assertRaises(sqlite3.OperationalError) as raised:
            self.conn.execute("SELECT lucia_validate_key('username', 'ada', 'wrong password')").fetchone()
        self.assertTrue(str(raised.exception).startswith("AUTH_INVALID_PASSWORD"), str(raised.exception))
        with self.assertRaises(sqlite3.OperationalError) as raised:
            self.conn.execute("SELECT lucia_validate_key('username', 'nobody', ?)", (PASSWORD,)).fetchone()
        self.assertTrue(str(raised.exception).startswith("AUTH_INVALID_KEY_ID"), str(raised.exception))

    def test_session_validates(self):
        self.create_ada()
        created = json.loads(scalar(self.conn, "SELECT lucia_create_session('ada-1')"))
        self.assertRegex(created["session_id"], r"^[A-Za-z0-9]{40}$")
        self.assertEqual(created["user_id"], "ada-1")
        self.assertEqual(created["state"], "active")
        self.assertIs(created["fresh"], True)
        self.assertRegex(created["idle_period_expires_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

        session = json.loads(scalar(self.conn, "SELECT lucia_validate_session(?)", (created["session_id"],)))
        self.assertEqual(session["session_id"], created["session_id"])
        self.assertEqual(session["state"], "active")
        self.assertIs(session["fresh"], False)
        self.assertEqual(session["idle_expires"], created["idle_expires"])

        with_user = json.loads(scalar(self.conn, "SELECT lucia_validate_session_user(?)", (created["session_id"],)))
        self.assertEqual(with_user["user_id"], "ada-1")
        self.assertEqual(with_user["user_attributes"], {})

        cookie = scalar(self.conn, "SELECT lucia_create_session_cookie(?, ?)",
                        (created["session_id"], created["idle_expires"]))
        self.assertTrue(cookie.startswith("auth_session=%s; Path=/; Expires=" % created["session_id"]), cookie)

        self.assertIsNone(scalar(self.conn, "SELECT lucia_invalidate_session(?)", (created["session_id"],)))
        with self.assertRaises(sqlite3.OperationalError) as raised:
            self.conn.execute("SELECT lucia_validate_session(?)", (created["session_id"],)).fetchone()
        self.assertTrue(str(raised.exception).startswith("AUTH_INVALID_SESSION_ID"), str(raised.exception))

    def test_json_arrays_parse(self):
        self.create_ada()
        for _ in range(2):
            scalar(self.conn, "SELECT lucia_create_session('ada-1')")
        sessions = json.loads(scalar(self.conn, "SELECT lucia_get_all_user_sessions('ada-1')"))
        self.assertEqual(len(sessions), 2)
        self.assertEqual({s["user_id"] for s in sessions}, {"ada-1"})
        keys = json.loads(scalar(self.conn, "SELECT lucia_get_all_user_keys('ada-1')"))
        self.assertEqual([k["provider_user_id"] for k in keys], ["ada"])

    def test_pythons_implicit_transaction_commit_and_rollback(self):
        """With Python's default isolation level, an INSERT opens a transaction; lucia's writes join it."""
        self.create_ada()
        self.conn.execute("CREATE TABLE audit (event TEXT)")
        conn = sqlite3.connect(self.path)  # default isolation_level: implicit BEGIN before DML
        conn.enable_load_extension(True)
        conn.load_extension(MODULE)
        try:
            conn.execute("INSERT INTO audit VALUES ('login')")
            self.assertTrue(conn.in_transaction)
            kept = scalar(conn, "SELECT lucia_create_session('ada-1') ->> 'session_id'")
            self.assertTrue(conn.in_transaction)
            conn.commit()
            conn.execute("INSERT INTO audit VALUES ('abandoned')")
            dropped = scalar(conn, "SELECT lucia_create_session('ada-1') ->> 'session_id'")
            conn.rollback()
        finally:
            conn.close()
        self.assertEqual(scalar(self.conn, "SELECT count(*) FROM auth_session WHERE id = ?", (kept,)), 1)
        self.assertEqual(scalar(self.conn, "SELECT count(*) FROM auth_session WHERE id = ?", (dropped,)), 0)
        self.assertEqual([r[0] for r in self.conn.execute("SELECT event FROM audit")], ["login"])

    def test_function_in_a_view_is_refused(self):
        self.conn.execute("CREATE VIEW v AS SELECT lucia_generate_random_string(10) AS r")
        with self.assertRaises(sqlite3.OperationalError) as raised:
            self.conn.execute("SELECT * FROM v").fetchall()
        self.assertIn("unsafe use of lucia_generate_random_string()", str(raised.exception))


def main():
    global MODULE
    if len(sys.argv) < 2:
        sys.exit("usage: loaders_test.py path/to/lucia.so [unittest options]")
    MODULE = os.path.abspath(sys.argv.pop(1))
    if not os.path.isfile(MODULE):
        sys.exit("FAIL no module at %s" % MODULE)
    if not hasattr(sqlite3.Connection, "enable_load_extension"):
        sys.exit("FAIL %s has no sqlite3 extension loading; run with Debian's /usr/bin/python3" % sys.executable)
    print("# python %s, SQLite %s, module %s" % (sys.version.split()[0], sqlite3.sqlite_version, MODULE))
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()
