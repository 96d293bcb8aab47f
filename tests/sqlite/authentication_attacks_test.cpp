// Attacks on the connection's authenticated user (issue 15) by the author of a database file's
// schema and by whoever picks lucia_authenticate's argument: triggers on Lucia's own tables that
// fire inside lucia_authenticate, an attached file with sessions of its own, and arguments of
// every storage class and size. After each, the user must be the one a valid session of theirs
// made, or nobody; never someone else, and no crash.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <string>

using namespace lucia_test;

namespace {

// Lucia's tables with users eve and bob; eve's session id.
std::string eve_and_bob(Database& db) {
    db.value("SELECT lucia_create_tables()");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'eve')");
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'bob')");
    return call_json(db, "SELECT lucia_create_session('eve')").text("session_id");
}

// lucia_authenticated_user_id() of `db`, "<null>" when nobody is authenticated.
std::string who(Database& db) {
    Outcome o = db.run("SELECT lucia_authenticated_user_id()");
    EXPECT_TRUE(o.ok) << o.error;
    return o.is_null() ? "<null>" : o.text();
}

// Makes session `id` idle (its validation renews it: writes to auth_session).
void make_idle(Database& db, const std::string& id) {
    std::int64_t now = Database::now_ms();
    Outcome o = run_typed(db, "UPDATE auth_session SET active_expires = ?2, idle_expires = ?3 WHERE id = ?1",
                          {Param::text(id), Param::int64(now - 1000), Param::int64(now + 3600000)});
    ASSERT_TRUE(o.ok) << o.error;
}

}  // namespace

// A schema's triggers on auth_session fire inside lucia_authenticate's renewal. One that calls
// lucia_authenticate is refused (so the renewal fails, and nobody is authenticated); one that
// reads lucia_authenticated_user_id() sees nobody while the validation runs (not the earlier
// user); one that aborts the renewal leaves nobody, not the earlier user.
TEST(SqliteAuthenticationAttacks, TriggersOnTheSessionsTableInsideARenewal) {
    Database db;
    std::string eve = eve_and_bob(db);
    std::string bob = call_json(db, "SELECT lucia_create_session('bob')").text("session_id");
    db.exec("CREATE TABLE seen (during TEXT)");
    db.exec(
        "CREATE TRIGGER spy AFTER UPDATE ON auth_session BEGIN "
        "INSERT INTO seen VALUES (coalesce(lucia_authenticated_user_id(), '<null>')); END;"
        "CREATE TRIGGER spy_insert AFTER INSERT ON auth_session BEGIN "
        "INSERT INTO seen VALUES (coalesce(lucia_authenticated_user_id(), '<null>')); END;");
    make_idle(db, eve);
    db.exec("DELETE FROM seen");  // make_idle's own write
    call_json(db, "SELECT lucia_authenticate(?1)", {bob});
    call_json(db, "SELECT lucia_authenticate(?1)", {eve});
    EXPECT_EQ(who(db), "eve");
    EXPECT_EQ(db.value("SELECT group_concat(DISTINCT during) FROM seen"), "<null>");
    // A trigger that would authenticate bob inside eve's renewal: SQLite refuses the write.
    std::string eve2 = call_json(db, "SELECT lucia_create_session('eve')").text("session_id");
    make_idle(db, eve2);
    db.exec("CREATE TRIGGER swap AFTER UPDATE ON auth_session BEGIN SELECT lucia_authenticate('" + bob +
            "'); END;"
            "CREATE TRIGGER swap_insert AFTER INSERT ON auth_session BEGIN SELECT lucia_authenticate('" +
            bob + "'); END;");
    call_json(db, "SELECT lucia_authenticate(?1)", {bob});
    Outcome o = db.run("SELECT lucia_authenticate(?1)", {eve2});
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(o.error, "unsafe use of lucia_authenticate()");
    EXPECT_EQ(who(db), "<null>");
    db.exec("DROP TRIGGER swap; DROP TRIGGER swap_insert");
    // A trigger that aborts the renewal: the error is the trigger's, and nobody is left.
    db.exec(
        "CREATE TRIGGER stop AFTER UPDATE ON auth_session BEGIN SELECT RAISE(ABORT, 'no renewal'); END;"
        "CREATE TRIGGER stop_insert AFTER INSERT ON auth_session BEGIN SELECT RAISE(ABORT, 'no renewal'); END;");
    call_json(db, "SELECT lucia_authenticate(?1)", {bob});
    o = db.run("SELECT lucia_authenticate(?1)", {eve2});
    EXPECT_FALSE(o.ok);
    EXPECT_EQ(who(db), "<null>");
}

// An attached file with auth tables of its own, holding a session for bob whose id the file's
// author knows: lucia reads the main database's tables, so the id names no session.
TEST(SqliteAuthenticationAttacks, AnAttachedFileCannotLendItsSessions) {
    Database db;
    std::string eve = eve_and_bob(db);
    db.exec("ATTACH ':memory:' AS imp");
    db.exec(
        "CREATE TABLE imp.auth_user (id TEXT PRIMARY KEY);"
        "CREATE TABLE imp.auth_session (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, active_expires INTEGER NOT NULL, "
        "idle_expires INTEGER NOT NULL);"
        "INSERT INTO imp.auth_user VALUES ('bob');");
    std::string known(40, 'k');
    ASSERT_TRUE(run_typed(db, "INSERT INTO imp.auth_session VALUES (?1, 'bob', ?2, ?2)",
                          {Param::text(known), Param::int64(Database::now_ms() + 3600000)})
                    .ok);
    call_json(db, "SELECT lucia_authenticate(?1)", {eve});
    EXPECT_EQ(db.error_code("SELECT lucia_authenticate(?1)", {known}), "AUTH_INVALID_SESSION_ID");
    EXPECT_EQ(who(db), "<null>");
}

// lucia_authenticate's argument of every storage class and odd content: each is refused and
// leaves nobody; none crashes, and none names eve's session by a prefix (a NUL after her id).
TEST(SqliteAuthenticationAttacks, OddArguments) {
    Database db;
    std::string eve = eve_and_bob(db);
    struct Attempt {
        const char* what;
        Param argument;
        const char* code;
    };
    const Attempt attempts[] = {
        {"10 MB", Param::text(std::string(10000000, 'a')), "AUTH_INVALID_SESSION_ID"},
        {"40 NUL bytes as text", Param::text(std::string(40, '\0')), "AUTH_INVALID_SESSION_ID"},
        {"40 NUL bytes as blob", Param::blob(std::string(40, '\0')), "AUTH_INVALID_ARGUMENT"},
        {"eve's id as blob", Param::blob(eve), "AUTH_INVALID_ARGUMENT"},
        {"eve's id and a NUL", Param::text(eve + std::string(1, '\0')), "AUTH_INVALID_SESSION_ID"},
        {"eve's id, its last byte a NUL", Param::text(eve.substr(0, 39) + std::string(1, '\0')),
         "AUTH_INVALID_SESSION_ID"},
        {"40 bytes of invalid UTF-8", Param::text(std::string(40, '\xff')), "AUTH_INVALID_SESSION_ID"},
        {"a 40-digit number", Param::number(1e39), "AUTH_INVALID_ARGUMENT"},
        {"an integer", Param::int64(1234567890123456789), "AUTH_INVALID_ARGUMENT"},
        {"NULL", Param::null(), "AUTH_INVALID_SESSION_ID"},
    };
    for (const Attempt& attempt : attempts) {
        SCOPED_TRACE(attempt.what);
        call_json(db, "SELECT lucia_authenticate(?1)", {eve});
        Outcome o = run_typed(db, "SELECT lucia_authenticate(?1)", {attempt.argument});
        EXPECT_FALSE(o.ok);
        EXPECT_EQ(o.code(), attempt.code) << o.error;
        EXPECT_EQ(who(db), "<null>");
    }
    // Arguments where none are taken, and none where one is: SQLite's own refusal.
    call_json(db, "SELECT lucia_authenticate(?1)", {eve});
    EXPECT_FALSE(db.run("SELECT lucia_authenticated_user_id('bob')").ok);
    EXPECT_FALSE(db.run("SELECT lucia_clear_authentication('bob')").ok);
    EXPECT_FALSE(db.run("SELECT lucia_authenticate()").ok);
    EXPECT_EQ(who(db), "eve");
}

// The scope is the connection (docs/security.md): a ROLLBACK, or ROLLBACK TO a savepoint taken
// before, does not end it; only lucia_clear_authentication, another lucia_authenticate or closing
// the connection do. Pinned, so that an application that pools SQLite connections knows to clear.
TEST(SqliteAuthenticationAttacks, ATransactionBoundaryDoesNotEndTheConnectionsUser) {
    Database db;
    std::string eve = eve_and_bob(db);
    db.exec("SAVEPOINT before");
    call_json(db, "SELECT lucia_authenticate(?1)", {eve});
    db.exec("ROLLBACK TO before");
    db.exec("RELEASE before");
    EXPECT_EQ(who(db), "eve");
    db.exec("BEGIN");
    db.exec("ROLLBACK");
    EXPECT_EQ(who(db), "eve");
    db.value("SELECT lucia_clear_authentication()");
    EXPECT_EQ(who(db), "<null>");
}
