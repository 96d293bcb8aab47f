// Expiries stored as something other than an integer (REAL from better-sqlite3, text or a blob
// written by hand) are read as CAST(... AS INTEGER) reads them, by the plain session functions
// and by the ones that join the user. Why: the session read takes the columns as they are stored
// and converts them itself (Statement::optional_cast_int64), without a CAST in its SQL.
#include "sqlite_fixture.hpp"

#include <string>

using lucia_test::Database;

TEST(SqliteStoredExpiries, ReadAsCastToInteger) {
    Database db;
    db.exec("SELECT lucia_create_tables(); SELECT lucia_create_user(NULL, NULL, NULL, NULL, 'ada')");
    // Each is stored in active_expires (the idle expiry stays far ahead, so no session is dead).
    const char* stored[] = {"9000000000000",
                            "9000000000000.5",
                            "9000000000000.7",
                            "-5.9",
                            "1e300",
                            "-1e300",
                            "'9000000000000abc'",
                            "' 42 '",
                            "'abc'",
                            "x'313233'",
                            "9223372036854775807",
                            "0.9999",
                            "'8000000000000.9'",
                            "-9223372036854775808"};
    int id = 0;
    for (const char* value : stored) {
        const std::string session = "s" + std::string(39 - std::to_string(id).size(), '0') + std::to_string(id);
        ++id;
        db.run("INSERT INTO auth_session VALUES (?1, 'ada', " + std::string(value) + ", 8000000000000000)", {session});
        const std::string cast =
            db.value("SELECT CAST(active_expires AS INTEGER) FROM auth_session WHERE id = ?1", {session});
        EXPECT_EQ(db.value("SELECT lucia_get_session(?1) ->> 'active_expires'", {session}), cast) << value;
        EXPECT_EQ(db.value("SELECT lucia_get_session_user(?1) ->> 'active_expires'", {session}), cast) << value;
        EXPECT_EQ(db.value("SELECT lucia_get_session(?1) ->> 'idle_expires'", {session}), "8000000000000000") << value;
    }
    EXPECT_EQ(
        db.value("SELECT lucia_get_session(?1) ->> 'active_expires'", {std::string("s") + std::string(38, '0') + "1"}),
        "9000000000000");  // 9000000000000.5 truncated, not rounded
}
