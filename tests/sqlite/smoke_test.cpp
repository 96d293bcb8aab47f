#include "sqlite_fixture.hpp"

// The module loads and answers; the real suites are in the other *_test.cpp files.
TEST(SqliteModule, LoadsAndCreatesTables) {
    lucia_test::Database db;
    db.value("SELECT lucia_create_tables()");
    EXPECT_EQ(db.value("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'auth_%' AND type = 'table'"), "3");
}
