// The authenticated user of a connection (issue 15): lucia_authenticate validates a session as
// lucia_validate_session does and makes its user the connection's authenticated user;
// lucia_authenticated_user_id() reads it, in the application's queries, views and triggers;
// lucia_clear_authentication() forgets it. Per connection; a database file's own schema can read
// it but never set or clear it.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <unistd.h>

using namespace lucia_test;

namespace {

// A path for a database file of its own, removed when the test ends.
class TempFile {
public:
    TempFile() {
        char name[] = "/tmp/lucia_authentication_XXXXXX";
        int fd = mkstemp(name);
        EXPECT_GE(fd, 0);
        close(fd);
        path_ = name;
    }
    ~TempFile() {
        std::remove(path_.c_str());
    }
    const std::string& path() const {
        return path_;
    }

private:
    std::string path_;
};

// The application's own notes, the SQLite form of row-level security: a view that shows the
// authenticated user's notes only, and a trigger that refuses notes written for anyone else
// (the owner defaults to the authenticated user).
const char* const kNotesSchema =
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, owner_id TEXT NOT NULL DEFAULT (lucia_authenticated_user_id()), "
    "body TEXT);"
    "CREATE VIEW my_notes AS SELECT id, body FROM notes WHERE owner_id = lucia_authenticated_user_id();";
const char* const kNotesTrigger =
    "CREATE TRIGGER notes_owner BEFORE INSERT ON notes WHEN new.owner_id IS NOT lucia_authenticated_user_id() "
    "BEGIN SELECT RAISE(ABORT, 'notes belong to the authenticated user'); END;";

// Lucia's tables with users ada and bob, each with one session, on `db`.
void create_users(Database& db) {
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'bob')");
}

std::string new_session(Database& db, const std::string& user) {
    return call_json(db, "SELECT lucia_create_session(?1)", {user}).text("session_id");
}

// lucia_authenticated_user_id() of `db`, "<null>" when nobody is authenticated.
std::string authenticated(Database& db) {
    Outcome o = db.run("SELECT lucia_authenticated_user_id()");
    EXPECT_TRUE(o.ok) << o.error;
    return o.is_null() ? "<null>" : o.text();
}

// Moves a session in time: idle for a second (renewed by a validation), or dead.
void age_session(Database& db, const std::string& id, bool dead) {
    std::int64_t now = Database::now_ms();
    Outcome o = run_typed(db, "UPDATE auth_session SET active_expires = ?2, idle_expires = ?3 WHERE id = ?1",
                          {Param::text(id), Param::int64(now - 1000), Param::int64(dead ? now - 500 : now + 3600000)});
    ASSERT_TRUE(o.ok) << o.error;
}

// The ids of the rows of my_notes, joined with ",".
std::string my_notes(Database& db) {
    Outcome o = db.run("SELECT group_concat(body, ',') FROM (SELECT body FROM my_notes ORDER BY id)");
    EXPECT_TRUE(o.ok) << o.error;
    return o.text();
}

}  // namespace

// Nobody at first; lucia_authenticate returns what lucia_validate_session returns and makes the
// session's user the authenticated user; another session's user replaces it.
TEST(SqliteAuthentication, AuthenticateSetsTheUser) {
    Database db;
    create_users(db);
    std::string ada = new_session(db, "ada");
    std::string bob = new_session(db, "bob");
    EXPECT_EQ(authenticated(db), "<null>");
    Json result = call_json(db, "SELECT lucia_authenticate(?1)", {ada});
    EXPECT_EQ(result.str(), call_json(db, "SELECT lucia_validate_session(?1)", {ada}).str());
    EXPECT_EQ(result.text("user_id"), "ada");
    EXPECT_EQ(result.text("state"), "active");
    EXPECT_EQ(result.json("fresh"), "false");
    EXPECT_EQ(authenticated(db), "ada");
    EXPECT_EQ(db.value("SELECT typeof(lucia_authenticated_user_id())"), "text");
    call_json(db, "SELECT lucia_authenticate(?1)", {bob});
    EXPECT_EQ(authenticated(db), "bob");
    // Any case and spacing, like every other function.
    call_json(db, "SELECT LUCIA_Authenticate (?1)", {ada});
    EXPECT_EQ(authenticated(db), "ada");
}

// lucia_clear_authentication returns NULL and leaves nobody; clearing nobody is no error.
TEST(SqliteAuthentication, ClearLeavesNobody) {
    Database db;
    create_users(db);
    call_json(db, "SELECT lucia_authenticate(?1)", {new_session(db, "ada")});
    ASSERT_EQ(authenticated(db), "ada");
    Outcome cleared = db.run("SELECT lucia_clear_authentication()");
    EXPECT_TRUE(cleared.ok) << cleared.error;
    EXPECT_TRUE(cleared.is_null());
    EXPECT_EQ(authenticated(db), "<null>");
    EXPECT_TRUE(db.run("SELECT lucia_clear_authentication()").ok);
    EXPECT_EQ(authenticated(db), "<null>");
}

// Every failure is lucia_validate_session's error, and leaves nobody authenticated, not the user
// authenticated before.
TEST(SqliteAuthentication, AFailedAuthenticationLeavesNobody) {
    Database db;
    create_users(db);
    std::string ada = new_session(db, "ada");
    std::string dead = new_session(db, "bob");
    age_session(db, dead, true);
    const std::vector<std::pair<Value, std::string>> failures = {
        {std::nullopt, "AUTH_INVALID_SESSION_ID: session id must not be null"},
        {std::string(), "AUTH_INVALID_SESSION_ID: session id must be 40 characters"},
        {std::string("short"), "AUTH_INVALID_SESSION_ID: session id must be 40 characters"},
        {std::string(40, 'a'), "AUTH_INVALID_SESSION_ID: session does not exist"},
        {dead, "AUTH_INVALID_SESSION_ID: session has expired"},
    };
    for (const auto& [session_id, message] : failures) {
        SCOPED_TRACE(session_id.value_or("NULL"));
        EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_session(?1)", message, {session_id}));
        call_json(db, "SELECT lucia_authenticate(?1)", {ada});
        ASSERT_EQ(authenticated(db), "ada");
        EXPECT_TRUE(fails_with(db, "SELECT lucia_authenticate(?1)", message, {session_id}));
        EXPECT_EQ(authenticated(db), "<null>");
    }
    // A blob or a number where text is expected: lucia_validate_session's error too.
    for (const char* argument : {"x'00'", "42"}) {
        call_json(db, "SELECT lucia_authenticate(?1)", {ada});
        std::string expected = db.run(std::string("SELECT lucia_validate_session(") + argument + ")").error;
        EXPECT_NE(expected, "");
        EXPECT_EQ(db.run(std::string("SELECT lucia_authenticate(") + argument + ")").error, expected);
        EXPECT_EQ(authenticated(db), "<null>");
    }
    // auth_session missing: the error of the read, whatever it is, and nobody.
    call_json(db, "SELECT lucia_authenticate(?1)", {ada});
    db.exec("ALTER TABLE auth_session RENAME TO moved");
    std::string expected = db.run("SELECT lucia_validate_session(?1)", {ada}).error;
    EXPECT_NE(expected, "");
    EXPECT_EQ(db.run("SELECT lucia_authenticate(?1)", {ada}).error, expected);
    EXPECT_EQ(authenticated(db), "<null>");
}

// An idle session is renewed, as lucia_validate_session renews it (fresh: send the new cookie),
// and its user is authenticated: rotate gives a new session id, extend keeps it.
TEST(SqliteAuthentication, RenewsAnIdleSession) {
    Database db;
    create_users(db);
    std::string idle = new_session(db, "ada");
    age_session(db, idle, false);
    Json rotated = call_json(db, "SELECT lucia_authenticate(?1)", {idle});
    EXPECT_EQ(rotated.json("fresh"), "true");
    EXPECT_EQ(rotated.text("state"), "active");
    EXPECT_NE(rotated.text("session_id"), idle);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session WHERE id = ?1 AND user_id = 'ada'",
                      {rotated.text("session_id")}),
              1);
    EXPECT_EQ(authenticated(db), "ada");

    db.value("SELECT lucia_clear_authentication()");
    db.value("SELECT lucia_set_config('lucia.renewal', 'extend')");
    Json extended = call_json(db, "SELECT lucia_authenticate(?1)", {idle});
    EXPECT_EQ(extended.json("fresh"), "true");
    EXPECT_EQ(extended.text("session_id"), idle);
    EXPECT_GT(extended.integer("active_expires"), Database::now_ms());
    EXPECT_EQ(authenticated(db), "ada");
}

// The authenticated user belongs to the connection: another connection to the same file has
// nobody, or its own; it ends with the connection.
TEST(SqliteAuthentication, PerConnection) {
    TempFile file;
    Database first(file.path());
    create_users(first);
    std::string ada = new_session(first, "ada");
    std::string bob = new_session(first, "bob");
    call_json(first, "SELECT lucia_authenticate(?1)", {ada});
    {
        Database second(file.path());
        EXPECT_EQ(authenticated(second), "<null>");
        call_json(second, "SELECT lucia_authenticate(?1)", {bob});
        EXPECT_EQ(authenticated(second), "bob");
        EXPECT_EQ(authenticated(first), "ada");
        second.value("SELECT lucia_clear_authentication()");
        EXPECT_EQ(authenticated(first), "ada");
    }
    Database reopened(file.path());
    EXPECT_EQ(authenticated(reopened), "<null>");
    // A transaction does not scope it (the connection does): a rollback keeps the user.
    first.exec("BEGIN");
    call_json(first, "SELECT lucia_authenticate(?1)", {bob});
    first.exec("ROLLBACK");
    EXPECT_EQ(authenticated(first), "bob");
}

// The application's own view and trigger: my_notes shows the authenticated user's notes only,
// and a note for another owner is refused; with trusted_schema on or off (the function is
// innocuous, so SQLite allows it in a schema either way).
TEST(SqliteAuthentication, TheApplicationsViewShowsTheAuthenticatedUsersRowsOnly) {
    for (const char* trusted : {"ON", "OFF"}) {
        SCOPED_TRACE(std::string("trusted_schema = ") + trusted);
        TempFile file;
        Database db(file.path());
        db.exec(std::string("PRAGMA trusted_schema = ") + trusted);
        create_users(db);
        db.exec(kNotesSchema);
        db.exec("INSERT INTO notes (owner_id, body) VALUES ('ada', 'a1'), ('bob', 'b1'), ('ada', 'a2')");
        db.exec(kNotesTrigger);
        EXPECT_EQ(db.run("INSERT INTO notes (owner_id, body) VALUES ('ada', 'anonymous')").error,
                  "notes belong to the authenticated user");
        EXPECT_EQ(my_notes(db), "");
        call_json(db, "SELECT lucia_authenticate(?1)", {new_session(db, "ada")});
        EXPECT_EQ(my_notes(db), "a1,a2");
        EXPECT_EQ(db.value("SELECT count(*) FROM my_notes WHERE body LIKE 'b%'"), "0");
        // Writes: the owner defaults to the authenticated user; another owner is refused.
        EXPECT_TRUE(db.run("INSERT INTO notes (body) VALUES ('a3')").ok);
        EXPECT_EQ(db.run("INSERT INTO notes (owner_id, body) VALUES ('bob', 'forged')").error,
                  "notes belong to the authenticated user");
        EXPECT_EQ(my_notes(db), "a1,a2,a3");
        call_json(db, "SELECT lucia_authenticate(?1)", {new_session(db, "bob")});
        EXPECT_EQ(my_notes(db), "b1");
        db.value("SELECT lucia_clear_authentication()");
        EXPECT_EQ(my_notes(db), "");
        EXPECT_EQ(db.run("INSERT INTO notes (body) VALUES ('nobody')").error,
                  "NOT NULL constraint failed: notes.owner_id");
        // The same file opened by another connection of the application: nobody, no rows.
        call_json(db, "SELECT lucia_authenticate(?1)", {new_session(db, "ada")});
        Database other(file.path());
        other.exec(std::string("PRAGMA trusted_schema = ") + trusted);
        EXPECT_EQ(my_notes(other), "");
        EXPECT_EQ(my_notes(db), "a1,a2,a3");
    }
}

// A hostile database file (written by a connection without lucia, where stand-ins accept the
// names) whose view or trigger calls lucia_authenticate or lucia_clear_authentication: SQLite
// refuses the call ("unsafe use"), as main database or attached, trusted_schema on or off, and
// the authenticated user stays what the application made it. Its view may read
// lucia_authenticated_user_id(): the id the application's own code set.
TEST(SqliteAuthentication, AHostileFileCannotSetOrClearTheUserButCanReadIt) {
    TempFile hostile;
    TempFile app;
    std::string ada;
    std::string bob;
    {
        Database setup(app.path());
        create_users(setup);
        ada = new_session(setup, "ada");
        bob = new_session(setup, "bob");
    }
    {
        sqlite3* author = nullptr;
        ASSERT_EQ(sqlite3_open(hostile.path().c_str(), &author), SQLITE_OK);
        for (const char* name : {"lucia_authenticate", "lucia_clear_authentication", "lucia_authenticated_user_id"})
            for (int args = 0; args <= 1; ++args)
                sqlite3_create_function_v2(
                    author, name, args, SQLITE_UTF8, nullptr,
                    [](sqlite3_context* context, int, sqlite3_value**) { sqlite3_result_null(context); }, nullptr,
                    nullptr, nullptr);
        // Each trigger on a table of its own: SQLite refuses a statement when any trigger it may fire
        // makes an unsafe call.
        std::string ddl =
            "CREATE VIEW sign_in AS SELECT lucia_authenticate('" + bob +
            "') AS s;"
            "CREATE VIEW sign_out AS SELECT lucia_clear_authentication() AS s;"
            "CREATE VIEW who AS SELECT lucia_authenticated_user_id() AS id;"
            "CREATE TABLE t_in (x); CREATE TABLE t_out (x); CREATE TABLE t_who (x); CREATE TABLE log (id);"
            "CREATE TRIGGER tr_in AFTER INSERT ON t_in BEGIN SELECT lucia_authenticate('" +
            bob +
            "'); END;"
            "CREATE TRIGGER tr_out AFTER INSERT ON t_out BEGIN SELECT lucia_clear_authentication(); END;"
            "CREATE TRIGGER tr_who AFTER INSERT ON t_who BEGIN "
            "INSERT INTO log VALUES (lucia_authenticated_user_id()); END;";
        ASSERT_EQ(sqlite3_exec(author, ddl.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(author);
        sqlite3_close(author);
    }
    for (const char* trusted : {"ON", "OFF"}) {
        for (bool attached : {false, true}) {
            SCOPED_TRACE(std::string("trusted_schema = ") + trusted + (attached ? ", attached" : ", main"));
            Database db(attached ? app.path() : hostile.path());
            db.exec(std::string("PRAGMA trusted_schema = ") + trusted);
            std::string prefix;
            if (attached) {
                ASSERT_TRUE(db.run("ATTACH ?1 AS imp", {hostile.path()}).ok);
                prefix = "imp.";
            } else {
                ASSERT_TRUE(db.run("ATTACH ?1 AS app", {app.path()}).ok);
                db.value("SELECT lucia_set_config('lucia.tables_schema', 'app')");
            }
            call_json(db, "SELECT lucia_authenticate(?1)", {ada});
            EXPECT_EQ(db.run("SELECT * FROM " + prefix + "sign_in").error, "unsafe use of lucia_authenticate()");
            EXPECT_EQ(db.run("SELECT * FROM " + prefix + "sign_out").error,
                      "unsafe use of lucia_clear_authentication()");
            EXPECT_EQ(db.run("INSERT INTO " + prefix + "t_in VALUES (1)").error, "unsafe use of lucia_authenticate()");
            EXPECT_EQ(db.run("INSERT INTO " + prefix + "t_out VALUES (1)").error,
                      "unsafe use of lucia_clear_authentication()");
            EXPECT_EQ(authenticated(db), "ada");
            // Reading is allowed: the file learns the id the application authenticated, nothing more.
            EXPECT_EQ(db.value("SELECT id FROM " + prefix + "who"), "ada");
            EXPECT_TRUE(db.run("INSERT INTO " + prefix + "t_who VALUES (1)").ok);
            EXPECT_EQ(db.value("SELECT group_concat(id) FROM " + prefix + "log"), "ada");
            db.exec("DELETE FROM " + prefix + "log");
        }
    }
}

// How the three are registered: the two that set the user are DIRECTONLY like every lucia
// function (and deterministic, so a CHECK constraint of a file cannot call them either); the one
// that reads it is INNOCUOUS and neither DIRECTONLY nor DETERMINISTIC: its value changes between
// statements, so SQLite keeps it out of generated columns and indexes, whose stored values would
// outlive it (a CHECK constraint may read it, as it may read random()).
TEST(SqliteAuthentication, Flags) {
    Database db;
    Outcome o = db.run(
        "SELECT group_concat(name || '/' || narg || ':' || (flags & 0x800 != 0) || (flags & 0x80000 != 0) || "
        "(flags & 0x200000 != 0), ' ') FROM (SELECT * FROM pragma_function_list "
        "WHERE name IN ('lucia_authenticate', 'lucia_authenticated_user_id', 'lucia_clear_authentication') "
        "ORDER BY name)");
    ASSERT_TRUE(o.ok) << o.error;
    // name/arguments:deterministic directonly innocuous
    EXPECT_EQ(o.text(), "lucia_authenticate/1:110 lucia_authenticated_user_id/0:001 lucia_clear_authentication/0:110");
    db.exec("CREATE TABLE t (x)");
    // A CHECK constraint may read it, as it may call random(): checked when a row is written.
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    db.exec("CREATE TABLE c (owner CHECK (owner IS lucia_authenticated_user_id()))");
    EXPECT_EQ(db.run("INSERT INTO c VALUES ('ada')").error,
              "CHECK constraint failed: owner IS lucia_authenticated_user_id()");
    call_json(db, "SELECT lucia_authenticate(?1)", {new_session(db, "ada")});
    EXPECT_TRUE(db.run("INSERT INTO c VALUES ('ada')").ok);
    EXPECT_FALSE(db.run("CREATE TABLE g (x, y AS (lucia_authenticated_user_id()))").ok);
    EXPECT_FALSE(db.run("CREATE INDEX i ON t ((lucia_authenticated_user_id()))").ok);
    EXPECT_FALSE(db.run("CREATE INDEX p ON t (x) WHERE x = lucia_authenticated_user_id()").ok);
}

// A call per row reads the current value: not folded into a constant (not deterministic), and
// never stale after a change by the connection's own statement.
TEST(SqliteAuthentication, ReadAtEveryCall) {
    Database db;
    create_users(db);
    std::string ada = new_session(db, "ada");
    std::string bob = new_session(db, "bob");
    db.exec("CREATE TABLE t (x)");
    db.exec("INSERT INTO t VALUES (1), (2), (3)");
    call_json(db, "SELECT lucia_authenticate(?1)", {ada});
    EXPECT_EQ(db.value("SELECT group_concat(lucia_authenticated_user_id()) FROM t"), "ada,ada,ada");
    call_json(db, "SELECT lucia_authenticate(?1)", {bob});
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db.handle(), "SELECT lucia_authenticated_user_id()", -1, &stmt, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "bob");
    sqlite3_reset(stmt);
    call_json(db, "SELECT lucia_authenticate(?1)", {ada});
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "ada");
    sqlite3_finalize(stmt);
}
