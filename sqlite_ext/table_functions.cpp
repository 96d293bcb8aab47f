// Lucia v1's SQLite tables for a new database file, and the indexes Lucia forgot.
#include "functions.hpp"
#include "statement.hpp"

namespace lucia_sqlite {

namespace {

// The schema named by the first argument ("main" when absent): an attached database that exists,
// or AUTH_INVALID_ARGUMENT rather than SQLite's own error halfway through the DDL.
std::string schema_argument(const Call& call) {
    std::optional<std::string_view> given = optional_text(call, 0, "schema name");
    std::string schema = given.has_value() ? std::string(*given) : std::string("main");
    if (schema.empty() || schema.find('\0') != std::string::npos ||
        sqlite3_db_filename(call.db(), schema.c_str()) == nullptr)
        throw lucia::Error(lucia::ErrorCode::InvalidArgument,
                           "no attached database is named " + quote_identifier(schema));
    return schema;
}

void create_indexes(const Call& call, const std::string& schema) {
    const std::string s = quote_identifier(schema);
    execute(call.db(), "CREATE INDEX IF NOT EXISTS " + s +
                           ".auth_session_user_id_idx ON auth_session (user_id, idle_expires);"
                           "CREATE INDEX IF NOT EXISTS " +
                           s +
                           ".auth_session_idle_expires_idx ON auth_session (idle_expires);"
                           "CREATE INDEX IF NOT EXISTS " +
                           s + ".auth_key_user_id_idx ON auth_key (user_id)");
}

}  // namespace

// The DDL of Lucia v1's SQLite adapter documentation (spec 6.1), column for column, in one
// transaction; it fails if the tables exist.
void lucia_create_tables(const Call& call) {
    const std::string schema = schema_argument(call);
    const std::string s = quote_identifier(schema);
    execute(call.db(), "SAVEPOINT lucia_create_tables");
    try {
        execute(call.db(),
                "CREATE TABLE " + s +
                    ".auth_user (id VARCHAR(31) NOT NULL, PRIMARY KEY (id));"
                    "CREATE TABLE " +
                    s +
                    ".auth_session (id VARCHAR(127) NOT NULL, user_id VARCHAR(15) NOT NULL, "
                    "active_expires BIGINT NOT NULL, idle_expires BIGINT NOT NULL, PRIMARY KEY (id), "
                    "FOREIGN KEY (user_id) REFERENCES auth_user(id));"
                    "CREATE TABLE " +
                    s +
                    ".auth_key (id VARCHAR(255) NOT NULL, user_id VARCHAR(15) NOT NULL, "
                    "hashed_password VARCHAR(255), primary_key INT2 NOT NULL, expires BIGINT, PRIMARY KEY (id), "
                    "FOREIGN KEY (user_id) REFERENCES auth_user(id))");
        create_indexes(call, schema);
        execute(call.db(), "RELEASE lucia_create_tables");
    } catch (...) {
        sqlite3_exec(call.db(), "ROLLBACK TO lucia_create_tables; RELEASE lucia_create_tables", nullptr, nullptr,
                     nullptr);
        throw;
    }
    sqlite3_result_null(call.context);
}

void lucia_create_indexes(const Call& call) {
    create_indexes(call, schema_argument(call));
    sqlite3_result_null(call.context);
}

}  // namespace lucia_sqlite
