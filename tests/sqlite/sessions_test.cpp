// Sessions: create, get, validate (active/idle/dead), renew in both modes, invalidate, cleanup.
// Mirrors sql/sessions.sql (expected/sessions.out) on SQLite, plus sessions written as
// better-sqlite3 writes them.
#include "json_helpers.hpp"
#include "sqlite_fixture.hpp"

#include <string>

using namespace lucia_test;

namespace {

constexpr std::int64_t kDay = 86400000;
constexpr std::int64_t kDefaultIdlePeriod = 14 * kDay;
constexpr std::int64_t kSlack = 60000;  // the same minute of slack as the PostgreSQL suite

class SqliteSessions : public ::testing::Test {
protected:
    void SetUp() override {
        db.value("SELECT lucia_create_tables()");
        db.exec("ALTER TABLE auth_user ADD COLUMN username TEXT");
        call_json(db, "SELECT lucia_create_user('email', 'ada@example.com', NULL, '{\"username\": \"ada\"}', 'ada')");
        call_json(db, "SELECT lucia_create_user('email', 'bob@example.com', NULL, '{\"username\": \"bob\"}', 'bob')");
    }

    // Moves a session in time: its active period ended `idle_for` ms ago (negative: still active);
    // with `dead` its idle period ended a second ago as well.
    void age_session(const std::string& id, std::int64_t idle_for, bool dead = false) {
        std::int64_t now = Database::now_ms();
        Outcome o =
            run_typed(db, "UPDATE auth_session SET active_expires = ?2, idle_expires = ?3 WHERE id = ?1",
                      {Param::text(id), Param::int64(now - idle_for), Param::int64(dead ? now - 1000 : now + 3600000)});
        ASSERT_TRUE(o.ok) << o.error;
        ASSERT_EQ(sqlite3_changes(db.handle()), 1);
    }

    // A session that died long ago, as the PostgreSQL suite inserts them (1, 2).
    void insert_dead(const std::string& id, const std::string& user) {
        db.run("INSERT INTO auth_session VALUES (?1, ?2, 1, 2)", {id, user});
    }

    std::int64_t sessions_of(const std::string& user) {
        return integer(db, "SELECT count(*) FROM auth_session WHERE user_id = ?1", {user});
    }
    std::int64_t rows_with_id(const std::string& id) {
        return integer(db, "SELECT count(*) FROM auth_session WHERE id = ?1", {id});
    }

    Database db;
};

}  // namespace

// A new session, as Lucia v1 writes it: 40 symbols, active = now + 24 h, idle = active + 14 d.
TEST_F(SqliteSessions, NewSessionAsLuciaWritesIt) {
    std::int64_t before = Database::now_ms();
    Json s = call_json(db, "SELECT lucia_create_session('ada')");
    std::int64_t after = Database::now_ms();
    EXPECT_EQ(s.keys(),
              "session_id,user_id,active_period_expires_at,idle_period_expires_at,state,fresh,"
              "active_expires,idle_expires");
    std::string id = s.text("session_id");
    EXPECT_EQ(id.size(), 40u);
    EXPECT_TRUE(is_alphanumeric(id)) << id;
    EXPECT_EQ(s.text("user_id"), "ada");
    EXPECT_EQ(s.text("state"), "active");
    EXPECT_EQ(s.json("fresh"), "true");
    EXPECT_EQ(s.type("active_expires"), "integer");
    EXPECT_EQ(s.type("idle_expires"), "integer");
    std::int64_t active = s.integer("active_expires");
    std::int64_t idle = s.integer("idle_expires");
    EXPECT_EQ(idle - active, kDefaultIdlePeriod);
    EXPECT_GE(active, before + kDay);
    EXPECT_LE(active, after + kDay);
    EXPECT_EQ(s.text("active_period_expires_at"), iso_from_ms(active));
    EXPECT_EQ(s.text("idle_period_expires_at"), iso_from_ms(idle));
    // The row: INTEGER ms, as better-sqlite3 stores Lucia's numbers in BIGINT columns.
    EXPECT_EQ(db.value("SELECT id || '|' || user_id || '|' || typeof(active_expires) || active_expires || '|' || "
                       "typeof(idle_expires) || idle_expires FROM auth_session"),
              id + "|ada|integer" + std::to_string(active) + "|integer" + std::to_string(idle));
}

// Configured periods (lucia.active_period, lucia.idle_period; units as PostgreSQL settings).
TEST_F(SqliteSessions, ConfiguredPeriods) {
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.active_period', '1h')"), "1h");
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.idle_period', '2h')"), "2h");
    std::int64_t before = Database::now_ms();
    Json s = call_json(db, "SELECT lucia_create_session('bob')");
    std::int64_t after = Database::now_ms();
    EXPECT_EQ(s.integer("idle_expires") - s.integer("active_expires"), 7200000);
    EXPECT_GE(s.integer("active_expires"), before + 3600000);
    EXPECT_LE(s.integer("active_expires"), after + 3600000);
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.active_period', '1d')"), "1d");
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.idle_period', '14d')"), "14d");
    EXPECT_EQ(db.value("SELECT lucia_config('lucia.active_period')"), "1d");
    EXPECT_EQ(db.value("SELECT lucia_config('lucia.idle_period')"), "14d");
    Json d = call_json(db, "SELECT lucia_create_session('bob')");
    EXPECT_EQ(d.integer("idle_expires") - d.integer("active_expires"), kDefaultIdlePeriod);
}

// An active session: get and validate return it unchanged, fresh = false.
TEST_F(SqliteSessions, ActiveSessionIsReturnedUnchanged) {
    Json s = call_json(db, "SELECT lucia_create_session('ada')");
    std::string id = s.text("session_id");
    Json g = call_json(db, "SELECT lucia_get_session(?1)", {id});
    EXPECT_EQ(g.text("session_id"), id);
    EXPECT_EQ(g.text("state"), "active");
    EXPECT_EQ(g.json("fresh"), "false");
    Json v = call_json(db, "SELECT lucia_validate_session(?1)", {id});
    EXPECT_EQ(v.text("session_id"), id);
    EXPECT_EQ(v.text("state"), "active");
    EXPECT_EQ(v.json("fresh"), "false");
    EXPECT_EQ(v.integer("idle_expires"), s.integer("idle_expires"));
    EXPECT_EQ(v.integer("active_expires"), s.integer("active_expires"));
    Json vu = call_json(db, "SELECT lucia_validate_session_user(?1)", {id});
    EXPECT_EQ(vu.text("session_id"), id);
    EXPECT_EQ(vu.text("state"), "active");
    EXPECT_EQ(vu.json("fresh"), "false");
    EXPECT_EQ(vu.json("user_attributes"), "{\"username\":\"ada\"}");
    EXPECT_EQ(vu.keys(),
              "session_id,user_id,active_period_expires_at,idle_period_expires_at,state,fresh,"
              "active_expires,idle_expires,user_attributes");
    Json gu = call_json(db, "SELECT lucia_get_session_user(?1)", {id});
    EXPECT_EQ(gu.text("state"), "active");
    EXPECT_EQ(gu.json("fresh"), "false");
    EXPECT_EQ(gu.json("user_attributes"), "{\"username\":\"ada\"}");
    EXPECT_EQ(sessions_of("ada"), 1);
}

// An idle session: get_session reports it idle and does not renew it.
TEST_F(SqliteSessions, IdleSessionIsNotRenewedByGet) {
    std::string id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    age_session(id, 1000);
    Json g = call_json(db, "SELECT lucia_get_session(?1)", {id});
    EXPECT_EQ(g.text("state"), "idle");
    EXPECT_EQ(g.json("fresh"), "false");
    Json gu = call_json(db, "SELECT lucia_get_session_user(?1)", {id});
    EXPECT_EQ(gu.text("state"), "idle");
    EXPECT_EQ(gu.json("fresh"), "false");
    EXPECT_EQ(sessions_of("ada"), 1);
}

// validate_session renews an idle session. Default mode rotate: a new id, and the old row stays, as in Lucia v1.
TEST_F(SqliteSessions, RotateRenewal) {
    std::string old_id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    age_session(old_id, 1000);
    ASSERT_EQ(sessions_of("ada"), 1);
    std::int64_t before = Database::now_ms();
    Json r = call_json(db, "SELECT lucia_validate_session(?1)", {old_id});
    EXPECT_NE(r.text("session_id"), old_id);
    EXPECT_TRUE(is_alphanumeric(r.text("session_id")));
    EXPECT_EQ(r.text("session_id").size(), 40u);
    EXPECT_EQ(r.text("state"), "active");
    EXPECT_EQ(r.json("fresh"), "true");
    EXPECT_EQ(r.integer("idle_expires") - r.integer("active_expires"), kDefaultIdlePeriod);
    EXPECT_GE(r.integer("active_expires"), before + kDay);
    EXPECT_EQ(sessions_of("ada"), 2);
    EXPECT_EQ(rows_with_id(r.text("session_id")), 1);
    EXPECT_EQ(call_json(db, "SELECT lucia_get_session(?1)", {old_id}).text("state"), "idle");

    // validate_session_user renews too, and carries the user's attributes.
    Json ru = call_json(db, "SELECT lucia_validate_session_user(?1)", {old_id});
    EXPECT_NE(ru.text("session_id"), old_id);
    EXPECT_NE(ru.text("session_id"), r.text("session_id"));
    EXPECT_EQ(ru.text("state"), "active");
    EXPECT_EQ(ru.json("fresh"), "true");
    EXPECT_EQ(ru.json("user_attributes"), "{\"username\":\"ada\"}");
    EXPECT_EQ(sessions_of("ada"), 3);
}

// Mode extend: the same id gets new expiries; no new row (Lucia v1 can still read it).
TEST_F(SqliteSessions, ExtendRenewal) {
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.renewal', 'extend')"), "extend");
    std::string id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    age_session(id, 5000);
    std::int64_t before = Database::now_ms();
    Json v = call_json(db, "SELECT lucia_validate_session(?1)", {id});
    EXPECT_EQ(v.text("session_id"), id);
    EXPECT_EQ(v.text("state"), "active");
    EXPECT_EQ(v.json("fresh"), "true");
    EXPECT_EQ(v.integer("idle_expires") - v.integer("active_expires"), kDefaultIdlePeriod);
    EXPECT_GE(v.integer("active_expires"), before + kDay);
    EXPECT_EQ(sessions_of("ada"), 1);
    EXPECT_EQ(integer(db, "SELECT active_expires FROM auth_session WHERE id = ?1", {id}), v.integer("active_expires"));
    EXPECT_EQ(integer(db, "SELECT idle_expires FROM auth_session WHERE id = ?1", {id}), v.integer("idle_expires"));

    age_session(id, 5000);
    Json vu = call_json(db, "SELECT lucia_validate_session_user(?1)", {id});
    EXPECT_EQ(vu.text("session_id"), id);
    EXPECT_EQ(vu.text("state"), "active");
    EXPECT_EQ(vu.json("fresh"), "true");
    EXPECT_EQ(vu.json("user_attributes"), "{\"username\":\"ada\"}");
    EXPECT_EQ(sessions_of("ada"), 1);
}

// lucia_renew_session renews active sessions too (Lucia); in rotate mode that is a new row.
TEST_F(SqliteSessions, RenewSessionRenewsActiveSessions) {
    std::string id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    Json rotated = call_json(db, "SELECT lucia_renew_session(?1)", {id});
    EXPECT_NE(rotated.text("session_id"), id);
    EXPECT_EQ(rotated.text("state"), "active");
    EXPECT_EQ(rotated.json("fresh"), "true");
    EXPECT_EQ(sessions_of("ada"), 2);

    db.value("SELECT lucia_set_config('lucia.renewal', 'extend')");
    age_session(id, -60000);  // still active, with an active period that ends in a minute
    Json extended = call_json(db, "SELECT lucia_renew_session(?1)", {id});
    EXPECT_EQ(extended.text("session_id"), id);
    EXPECT_EQ(extended.text("state"), "active");
    EXPECT_EQ(extended.json("fresh"), "true");
    EXPECT_GT(extended.integer("active_expires"), Database::now_ms() + kDay - kSlack);
    EXPECT_EQ(sessions_of("ada"), 2);
}

// A dead session is treated as missing by every read, and left for the next sweep.
TEST_F(SqliteSessions, DeadSessionIsInvalidEverywhere) {
    std::string id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    age_session(id, 7200000, true);
    for (const char* function : {"lucia_get_session", "lucia_get_session_user", "lucia_validate_session",
                                 "lucia_validate_session_user", "lucia_renew_session"}) {
        EXPECT_TRUE(fails_with(db, std::string("SELECT ") + function + "(?1)",
                               "AUTH_INVALID_SESSION_ID: session has expired", {id}));
    }
    EXPECT_EQ(rows_with_id(id), 1) << "not deleted by the reads (as in PostgreSQL)";
}

// autoDatabaseCleanup: creating a session sweeps the user's dead sessions, unless turned off.
TEST_F(SqliteSessions, AutoCleanupOnCreateSession) {
    std::string dead = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    age_session(dead, 7200000, true);
    insert_dead(std::string(40, 'b'), "bob");
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.auto_database_cleanup', 'off')"), "off");
    EXPECT_EQ(call_json(db, "SELECT lucia_create_session('ada')").text("state"), "active");
    EXPECT_EQ(rows_with_id(dead), 1);
    EXPECT_EQ(db.value("SELECT lucia_set_config('lucia.auto_database_cleanup', 'on')"), "on");
    EXPECT_EQ(call_json(db, "SELECT lucia_create_session('ada')").text("state"), "active");
    EXPECT_EQ(rows_with_id(dead), 0);
    EXPECT_EQ(rows_with_id(std::string(40, 'b')), 1) << "only the user's own dead sessions are swept";
    EXPECT_EQ(sessions_of("ada"), 2);
}

// Renewal and updateUserAttributes sweep too (and not with cleanup off).
TEST_F(SqliteSessions, AutoCleanupOnRenewalAndUpdate) {
    const std::string dead(40, 'd');
    std::string id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");

    db.value("SELECT lucia_set_config('lucia.auto_database_cleanup', 'off')");
    insert_dead(dead, "ada");
    age_session(id, 1000);
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_session(?1)", {id}).json("fresh"), "true");
    EXPECT_EQ(rows_with_id(dead), 1);
    call_json(db, "SELECT lucia_update_user_attributes('ada', '{\"username\": \"ada1\"}')");
    EXPECT_EQ(rows_with_id(dead), 1);

    db.value("SELECT lucia_set_config('lucia.auto_database_cleanup', 'on')");
    age_session(id, 1000);
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_session(?1)", {id}).json("fresh"), "true");
    EXPECT_EQ(rows_with_id(dead), 0) << "swept by renewal";
    insert_dead(dead, "ada");
    EXPECT_EQ(call_json(db, "SELECT lucia_update_user_attributes('ada', '{\"username\": \"ada2\"}')").text("user_id"),
              "ada");
    EXPECT_EQ(rows_with_id(dead), 0) << "swept by update_user_attributes";
    insert_dead(dead, "ada");
    call_json(db, "SELECT lucia_update_user_attributes('ada', '{}')");
    EXPECT_EQ(rows_with_id(dead), 0) << "swept by update_user_attributes with no attributes";
    insert_dead(dead, "ada");
    db.value("SELECT lucia_set_config('lucia.renewal', 'extend')");
    age_session(id, 1000);
    EXPECT_EQ(call_json(db, "SELECT lucia_validate_session(?1)", {id}).json("fresh"), "true");
    EXPECT_EQ(rows_with_id(dead), 0) << "swept by renewal in extend mode";
}

// lucia_get_all_user_sessions: live sessions only, and it deletes the dead ones even with
// cleanup off (Lucia does the same).
TEST_F(SqliteSessions, GetAllUserSessions) {
    std::string live = call_json(db, "SELECT lucia_create_session('bob')").text("session_id");
    std::string idle = call_json(db, "SELECT lucia_create_session('bob')").text("session_id");
    age_session(idle, 1000);
    call_json(db, "SELECT lucia_create_session('ada')");
    db.value("SELECT lucia_set_config('lucia.auto_database_cleanup', 'off')");
    insert_dead(std::string(40, 'e'), "bob");
    ASSERT_EQ(sessions_of("bob"), 3);
    Json all = call_json(db, "SELECT lucia_get_all_user_sessions('bob')");
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(db.value("SELECT group_concat((value ->> 'user_id') || ':' || (value ->> 'state') || ':' || "
                       "(value -> 'fresh'), ' ') FROM (SELECT value FROM json_each(?1) ORDER BY value ->> 'state')",
                       {all.str()}),
              "bob:active:false bob:idle:false");
    for (std::size_t i = 0; i < 2; ++i) {
        Json s = all.at(i);
        EXPECT_TRUE(s.text("session_id") == live || s.text("session_id") == idle) << s.str();
        EXPECT_EQ(s.text("idle_period_expires_at"), iso_from_ms(s.integer("idle_expires")));
        EXPECT_EQ(s.keys(),
                  "session_id,user_id,active_period_expires_at,idle_period_expires_at,state,fresh,"
                  "active_expires,idle_expires");
    }
    EXPECT_EQ(sessions_of("bob"), 2);
    EXPECT_EQ(sessions_of("ada"), 1);
    call_json(db, "SELECT lucia_create_user(NULL, NULL, NULL, '{}', 'carol')");
    EXPECT_EQ(call_json(db, "SELECT lucia_get_all_user_sessions('carol')").str(), "[]");
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_get_all_user_sessions('nobody')", "AUTH_INVALID_USER_ID: user does not exist"));
}

// lucia_delete_dead_user_sessions returns how many it deleted.
TEST_F(SqliteSessions, DeleteDeadUserSessions) {
    call_json(db, "SELECT lucia_create_session('bob')");
    insert_dead(std::string(40, 'f'), "bob");
    insert_dead(std::string(40, 'g'), "bob");
    insert_dead(std::string(40, 'h'), "ada");
    EXPECT_EQ(integer(db, "SELECT lucia_delete_dead_user_sessions('bob')"), 2);
    EXPECT_EQ(integer(db, "SELECT lucia_delete_dead_user_sessions('bob')"), 0);
    EXPECT_EQ(db.value("SELECT typeof(lucia_delete_dead_user_sessions('bob'))"), "integer");
    EXPECT_EQ(sessions_of("bob"), 1);
    EXPECT_EQ(sessions_of("ada"), 1);
}

// lucia_delete_expired_sessions: every user's dead sessions, in batches.
TEST_F(SqliteSessions, DeleteExpiredSessionsInBatches) {
    for (int i = 0; i < 7; ++i)
        call_json(db, i % 2 ? "SELECT lucia_create_session('ada')" : "SELECT lucia_create_session('bob')");
    db.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25) "
        "INSERT INTO auth_session SELECT printf('%040d', i), CASE WHEN i % 2 = 0 THEN 'ada' ELSE 'bob' END, 1, 2 FROM "
        "n");
    std::string now = std::to_string(Database::now_ms());
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session WHERE idle_expires > " + now), 7);
    EXPECT_EQ(integer(db, "SELECT lucia_delete_expired_sessions(10, 1)"), 10);
    EXPECT_EQ(integer(db, "SELECT lucia_delete_expired_sessions(10)"), 15);
    EXPECT_EQ(integer(db, "SELECT lucia_delete_expired_sessions()"), 0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session WHERE idle_expires > " + now), 7);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 7);
    EXPECT_EQ(db.value("SELECT typeof(lucia_delete_expired_sessions())"), "integer");

    // max_batches NULL means no limit; several batches in one call.
    db.exec(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 25) "
        "INSERT INTO auth_session SELECT printf('%040d', i), 'ada', 1, 2 FROM n");
    EXPECT_EQ(integer(db, "SELECT lucia_delete_expired_sessions(3, NULL)"), 25);

    EXPECT_TRUE(fails_with(db, "SELECT lucia_delete_expired_sessions(0)",
                           "AUTH_INVALID_ARGUMENT: batch_size must be at least 1"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_delete_expired_sessions(-1)",
                           "AUTH_INVALID_ARGUMENT: batch_size must be at least 1"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_delete_expired_sessions(NULL)",
                           "AUTH_INVALID_ARGUMENT: batch_size must not be null"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_delete_expired_sessions(10, 0)",
                           "AUTH_INVALID_ARGUMENT: max_batches must be at least 1"));
    EXPECT_EQ(integer(db, "SELECT count(*) FROM auth_session"), 7);
}

// Invalidation. A missing session is not an error (Lucia).
TEST_F(SqliteSessions, Invalidation) {
    std::string id = call_json(db, "SELECT lucia_create_session('ada')").text("session_id");
    call_json(db, "SELECT lucia_create_session('ada')");
    call_json(db, "SELECT lucia_create_session('bob')");
    Outcome gone = db.run("SELECT lucia_invalidate_session(?1)", {id});
    ASSERT_TRUE(gone.ok) << gone.error;
    EXPECT_TRUE(gone.is_null());
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_validate_session(?1)", "AUTH_INVALID_SESSION_ID: session does not exist", {id}));
    EXPECT_TRUE(db.run("SELECT lucia_invalidate_session(?1)", {id}).ok);
    EXPECT_TRUE(db.run("SELECT lucia_invalidate_session('not even 40 characters')").ok);
    EXPECT_TRUE(fails_with(db, "SELECT lucia_invalidate_session(NULL)",
                           "AUTH_INVALID_SESSION_ID: session id must not be null"));
    EXPECT_EQ(sessions_of("ada"), 1);
    Outcome all = db.run("SELECT lucia_invalidate_all_user_sessions('ada')");
    ASSERT_TRUE(all.ok) << all.error;
    EXPECT_TRUE(all.is_null());
    EXPECT_EQ(sessions_of("ada"), 0);
    EXPECT_EQ(sessions_of("bob"), 1);
    EXPECT_TRUE(db.run("SELECT lucia_invalidate_all_user_sessions('nobody')").ok);
}

// Session ids are checked before any table is read.
TEST_F(SqliteSessions, SessionIdChecks) {
    EXPECT_TRUE(
        fails_with(db, "SELECT lucia_validate_session(NULL)", "AUTH_INVALID_SESSION_ID: session id must not be null"));
    for (const std::string& id :
         {std::string(), std::string(39, 'a'), std::string(41, 'a'), std::string(10 * 1024 * 1024, 'a')}) {
        EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_session(?1)",
                               "AUTH_INVALID_SESSION_ID: session id must be 40 characters", {id}))
            << id.size() << " bytes";
    }
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_session(?1)", "AUTH_INVALID_SESSION_ID: session does not exist",
                           {std::string(40, 'a')}));
    std::string accents;
    for (int i = 0; i < 20; ++i) accents += "\xC3\xA9";  // 20 x U+00E9: 40 bytes
    EXPECT_TRUE(fails_with(db, "SELECT lucia_validate_session(?1)", "AUTH_INVALID_SESSION_ID: session does not exist",
                           {accents}));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session('nobody')", "AUTH_INVALID_USER_ID: user does not exist"));
    EXPECT_TRUE(fails_with(db, "SELECT lucia_create_session(NULL)", "AUTH_INVALID_USER_ID: user id must not be null"));
    // Without any tables at all the checks still come first.
    Database empty;
    EXPECT_TRUE(fails_with(empty, "SELECT lucia_get_session('short')",
                           "AUTH_INVALID_SESSION_ID: session id must be 40 characters"));
}

// A session written by Lucia v1 itself (better-sqlite3 binds numbers as REAL) validates here.
TEST_F(SqliteSessions, SessionWrittenByLuciaValidates) {
    std::int64_t now = Database::now_ms();
    Outcome o =
        run_typed(db, "INSERT INTO auth_session (id, user_id, active_expires, idle_expires) VALUES (?1, 'bob', ?2, ?3)",
                  {Param::text("lucia0js0written0session0id0000000000000"),
                   Param::number(static_cast<double>(now + 1000)), Param::number(static_cast<double>(now + 60000))});
    ASSERT_TRUE(o.ok) << o.error;
    EXPECT_EQ(db.value("SELECT typeof(active_expires) || typeof(idle_expires) FROM auth_session"), "integerinteger");
    Json v = call_json(db, "SELECT lucia_validate_session('lucia0js0written0session0id0000000000000')");
    EXPECT_EQ(v.text("session_id"), "lucia0js0written0session0id0000000000000");
    EXPECT_EQ(v.text("user_id"), "bob");
    EXPECT_EQ(v.text("state"), "active");
    EXPECT_EQ(v.json("fresh"), "false");
    EXPECT_EQ(v.integer("active_expires"), now + 1000);
}

// Columns without a declared type store better-sqlite3's REAL numbers as REAL; TEXT columns store
// them as '1795401278992.0'. Every read, renewal and sweep handles both.
TEST_F(SqliteSessions, RealAndTextExpiriesFromBetterSqlite3) {
    const char* const stored_as[] = {"real", "text"};
    for (int i = 0; i < 2; ++i) {
        SCOPED_TRACE(stored_as[i]);
        Database js;
        js.exec(kBetterSqlite3Schemas[i]);
        js.exec("INSERT INTO auth_user VALUES ('bob', 'bob')");
        std::int64_t now = Database::now_ms();
        auto insert = [&](const std::string& id, std::int64_t active, std::int64_t idle) {
            Outcome o = run_typed(js, "INSERT INTO auth_session VALUES (?1, 'bob', ?2, ?3)",
                                  {Param::text(id), Param::number(static_cast<double>(active)),
                                   Param::number(static_cast<double>(idle))});
            ASSERT_TRUE(o.ok) << o.error;
        };
        const std::string active(40, 'A'), idle(40, 'I'), dead(40, 'D');
        insert(active, now + 3600000, now + 7200000);
        insert(idle, now - 1000, now + 3600000);
        insert(dead, now - 7200000, now - 3600000);
        EXPECT_EQ(
            js.value("SELECT typeof(active_expires) || '/' || typeof(idle_expires) FROM auth_session WHERE id = ?1",
                     {active}),
            std::string(stored_as[i]) + "/" + stored_as[i]);
        if (i == 1) {
            EXPECT_EQ(js.value("SELECT active_expires FROM auth_session WHERE id = ?1", {active}),
                      std::to_string(now + 3600000) + ".0");
        }

        Json a = call_json(js, "SELECT lucia_validate_session(?1)", {active});
        EXPECT_EQ(a.text("state"), "active");
        EXPECT_EQ(a.json("fresh"), "false");
        EXPECT_EQ(a.type("active_expires"), "integer");
        EXPECT_EQ(a.integer("active_expires"), now + 3600000);
        EXPECT_EQ(a.integer("idle_expires"), now + 7200000);
        EXPECT_EQ(a.text("active_period_expires_at"), iso_from_ms(now + 3600000));
        Json au = call_json(js, "SELECT lucia_get_session_user(?1)", {active});
        EXPECT_EQ(au.json("user_attributes"), "{\"username\":\"bob\"}");

        EXPECT_EQ(call_json(js, "SELECT lucia_get_session(?1)", {idle}).text("state"), "idle");
        EXPECT_TRUE(
            fails_with(js, "SELECT lucia_get_session(?1)", "AUTH_INVALID_SESSION_ID: session has expired", {dead}));

        Json all = call_json(js, "SELECT lucia_get_all_user_sessions('bob')");
        EXPECT_EQ(all.size(), 2u);
        EXPECT_EQ(integer(js, "SELECT count(*) FROM auth_session WHERE id = ?1", {dead}), 0) << "dead one swept";

        insert(dead, now - 7200000, now - 3600000);
        EXPECT_EQ(integer(js, "SELECT lucia_delete_dead_user_sessions('bob')"), 1);
        insert(dead, now - 7200000, now - 3600000);
        EXPECT_EQ(integer(js, "SELECT lucia_delete_expired_sessions()"), 1);

        Json renewed = call_json(js, "SELECT lucia_validate_session(?1)", {idle});
        EXPECT_EQ(renewed.text("state"), "active");
        EXPECT_EQ(renewed.json("fresh"), "true");
        EXPECT_NE(renewed.text("session_id"), idle);
        EXPECT_EQ(integer(js, "SELECT count(*) FROM auth_session"), 3);
    }
}

// Every field of a session result, and the ISO dates equal to the stored ms values.
TEST_F(SqliteSessions, SessionJsonFields) {
    const std::string id(40, 'j');
    db.exec("INSERT INTO auth_session VALUES ('" + id + "', 'ada', 4102444800000, 4102444800123)");
    Json s = call_json(db, "SELECT lucia_get_session(?1)", {id});
    EXPECT_EQ(s.str(),
              "{\"session_id\":\"" + id +
                  "\",\"user_id\":\"ada\",\"active_period_expires_at\":\"2100-01-01T00:00:00.000Z\","
                  "\"idle_period_expires_at\":\"2100-01-01T00:00:00.123Z\",\"state\":\"active\",\"fresh\":false,"
                  "\"active_expires\":4102444800000,\"idle_expires\":4102444800123}");
    Json su = call_json(db, "SELECT lucia_get_session_user(?1)", {id});
    EXPECT_EQ(su.str(),
              "{\"session_id\":\"" + id +
                  "\",\"user_id\":\"ada\",\"active_period_expires_at\":\"2100-01-01T00:00:00.000Z\","
                  "\"idle_period_expires_at\":\"2100-01-01T00:00:00.123Z\",\"state\":\"active\",\"fresh\":false,"
                  "\"active_expires\":4102444800000,\"idle_expires\":4102444800123,\"user_attributes\":{\"username\":"
                  "\"ada\"}}");
}

// Tables without foreign keys: a session whose user row vanished is not valid for
// validate_session_user (Lucia's JOIN).
TEST_F(SqliteSessions, OrphanSessionHasNoUser) {
    Database nofk;
    nofk.exec(
        "CREATE TABLE auth_user (id VARCHAR(15) NOT NULL, PRIMARY KEY (id));"
        "CREATE TABLE auth_session (id VARCHAR(127) NOT NULL, user_id VARCHAR(15) NOT NULL, "
        "active_expires BIGINT NOT NULL, idle_expires BIGINT NOT NULL, PRIMARY KEY (id));"
        "CREATE TABLE auth_key (id VARCHAR(255) NOT NULL, user_id VARCHAR(15) NOT NULL, "
        "hashed_password VARCHAR(255), primary_key INT2 NOT NULL, expires BIGINT, PRIMARY KEY (id));");
    std::int64_t now = Database::now_ms();
    nofk.exec("INSERT INTO auth_session VALUES ('orphan0session00000000000000000000000000', 'gone', " +
              std::to_string(now + 1000) + ", " + std::to_string(now + 2000) + ")");
    EXPECT_TRUE(fails_with(nofk, "SELECT lucia_validate_session_user('orphan0session00000000000000000000000000')",
                           "AUTH_INVALID_SESSION_ID: session does not exist"));
    EXPECT_TRUE(fails_with(nofk, "SELECT lucia_get_session_user('orphan0session00000000000000000000000000')",
                           "AUTH_INVALID_SESSION_ID: session does not exist"));
}

// Likewise a session whose stored expiries are beyond JavaScript's dates is still a live session
// (PostgreSQL returns it), not an argument error.
TEST_F(SqliteSessions, ExpiryBeyondJavascriptDatesIsStillReadable) {
    const std::string id(40, 'z');
    db.exec("INSERT INTO auth_session VALUES ('" + id + "', 'ada', 8640000000000001, 8640000000000002)");
    Outcome o = db.run("SELECT lucia_validate_session(?1)", {id});
    ASSERT_TRUE(o.ok) << o.error;
    Json s(db, o.text());
    EXPECT_EQ(s.text("state"), "active");
    EXPECT_EQ(s.json("active_expires"), "8640000000000001");
    EXPECT_TRUE(db.run("SELECT lucia_get_all_user_sessions('ada')").ok);
}
