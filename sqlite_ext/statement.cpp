// Thin RAII over sqlite3_stmt. Why RAII here and not in pg_ext: SQLite never longjmps, so
// destructors always run, and every early exit (an auth error) finalizes its statements.
#include "statement.hpp"

#include "arguments.hpp"
#include "statement_cache.hpp"

#include <cmath>
#include <new>

namespace lucia_sqlite {

std::string quote_identifier(std::string_view name) {
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::vector<std::string> writable_columns(sqlite3* db, const std::string& schema, const std::string& table) {
    // "temp." because a table of that name in the main or an attached file would hide the built-in.
    Statement info(db, "SELECT name FROM temp.pragma_table_xinfo(?1, ?2) WHERE hidden = 0");
    info.bind(1, table).bind(2, schema);
    std::vector<std::string> columns;
    while (info.step()) columns.push_back(info.text(0));
    return columns;
}

void throw_last_error(sqlite3* db) {
    throw SqliteError(sqlite3_extended_errcode(db), sqlite3_errmsg(db));
}

void execute(sqlite3* db, const std::string& sql) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) throw_last_error(db);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
        throw_last_error(db);
}

Statement::Statement(sqlite3* db, std::string_view sql, const std::string& schema)
    : Statement(db, with_schema(sql, schema)) {}

std::string with_schema(std::string_view sql, const std::string& schema) {
    std::string text;
    const std::string quoted = quote_identifier(schema);
    for (char c : sql) {
        if (c == '@')
            text += quoted;
        else
            text += c;
    }
    return text;
}

// The SQL is rewritten for the schema only when no statement is kept for it yet: the rewrite
// cost more than the lookup it served.
Statement::Statement(const Call& call, std::string_view sql)
    : db_(call.db()), cache_(call.connection.statements.get()) {
    const std::string& schema = call.settings().tables_schema;
    stmt_ = cache_->take(sql, schema);
    cached_ = stmt_ != nullptr;
    if (cached_) return;
    cache_key_ = cache_->key_for(sql, schema);
    const std::string text = with_schema(sql, schema);
    if (sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size()), SQLITE_PREPARE_PERSISTENT, &stmt_,
                           nullptr) != SQLITE_OK)
        throw_last_error(db_);
}

// A cached statement goes back reset; a new one is kept if its SQL has no statement kept yet.
// Keeping it allocates: out of memory, the statement is finalized instead, because an exception
// leaving a destructor ends the process (and SQLite's with it).
Statement::~Statement() {
    if (cache_ == nullptr) {
        sqlite3_finalize(stmt_);
        return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (cached_) return;
    bool kept = false;
    try {
        kept = cache_->keep(db_, cache_key_, stmt_);
    } catch (const std::bad_alloc&) {
        kept = false;
    }
    if (!kept) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
        throw_last_error(db_);
    return *this;
}

Statement& Statement::bind_borrowed(int index, std::string_view text) {
    if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8) != SQLITE_OK)
        throw_last_error(db_);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) throw_last_error(db_);
    return *this;
}

Statement& Statement::bind(int index, double value) {
    if (sqlite3_bind_double(stmt_, index, value) != SQLITE_OK) throw_last_error(db_);
    return *this;
}

Statement& Statement::bind(int index, const sqlite3_value* value) {
    if (sqlite3_bind_value(stmt_, index, value) != SQLITE_OK) throw_last_error(db_);
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) throw_last_error(db_);
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string_view>& text) {
    return text.has_value() ? bind(index, *text) : bind_null(index);
}

Statement& Statement::bind(int index, const std::optional<std::int64_t>& value) {
    return value.has_value() ? bind(index, *value) : bind_null(index);
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw_last_error(db_);
}

int Statement::run() {
    while (step()) {
    }
    return sqlite3_changes(db_);
}

// Each read asks SQLite for the column once, with sqlite3_column_value, and reads the value from
// there: every sqlite3_column_* call takes the connection's mutex, and a session read took seven.
// SQLite calls a value from sqlite3_column_value "unprotected": reading it is not thread-safe on
// its own. Ours are read while SQLite runs one of our functions, with the mutex already held by
// the sqlite3_step that called it (or, in SQLite's single-thread modes, on the only thread).
sqlite3_value* Statement::value(int column) const {
    return sqlite3_column_value(stmt_, column);
}

bool Statement::is_null(int column) const {
    return sqlite3_value_type(value(column)) == SQLITE_NULL;
}

// `value`'s text; the pointer comes before the length, as SQLite's documentation asks.
static std::string text_of(sqlite3_value* value) {
    const unsigned char* data = sqlite3_value_text(value);
    int size = sqlite3_value_bytes(value);
    return data == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

std::string Statement::text(int column) const {
    return text_of(value(column));
}

std::optional<std::string> Statement::optional_text(int column) const {
    sqlite3_value* read = value(column);
    if (sqlite3_value_type(read) == SQLITE_NULL) return std::nullopt;
    return text_of(read);
}

// `value` as an integer; see Statement::int64.
static std::int64_t int64_of(sqlite3_value* value, int type) {
    if (type == SQLITE_FLOAT) return static_cast<std::int64_t>(std::llround(sqlite3_value_double(value)));
    return sqlite3_value_int64(value);
}

// Lucia's better-sqlite3 adapter binds numbers as REAL; read INTEGER, REAL and numeric text alike.
std::int64_t Statement::int64(int column) const {
    sqlite3_value* read = value(column);
    return int64_of(read, sqlite3_value_type(read));
}

// int64() with the NULL check.
std::optional<std::int64_t> Statement::optional_int64(int column) const {
    sqlite3_value* read = value(column);
    int type = sqlite3_value_type(read);
    if (type == SQLITE_NULL) return std::nullopt;
    return int64_of(read, type);
}

// sqlite3_value_int64 converts exactly as CAST(... AS INTEGER) does: both are SQLite's
// sqlite3VdbeIntValue (sqlite3VdbeMemIntegerify calls it for the CAST).
std::optional<std::int64_t> Statement::optional_cast_int64(int column) const {
    sqlite3_value* read = value(column);
    if (sqlite3_value_type(read) == SQLITE_NULL) return std::nullopt;
    return sqlite3_value_int64(read);
}

int Statement::column_count() const {
    return sqlite3_column_count(stmt_);
}

const char* Statement::column_name(int column) const {
    return sqlite3_column_name(stmt_, column);
}

}  // namespace lucia_sqlite
