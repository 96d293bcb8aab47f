#include "statement_cache.hpp"

#include "connection.hpp"

#include <cstring>
#include <memory>
#include <new>

namespace lucia_sqlite {

const std::string& StatementCache::key_for(std::string_view sql, const std::string& schema) {
    key_.assign(sql.data(), sql.size());
    key_ += '\0';  // never inside SQL text, so (sql, schema) pairs cannot collide
    key_ += schema;
    return key_;
}

// Whether `key` is key_for(sql, schema), without building that.
static bool is_key_of(const std::string& key, std::string_view sql, const std::string& schema) {
    return key.size() == sql.size() + 1 + schema.size() && std::memcmp(key.data(), sql.data(), sql.size()) == 0 &&
           key[sql.size()] == '\0' && std::memcmp(key.data() + sql.size() + 1, schema.data(), schema.size()) == 0;
}

// The kept statement of this SQL and schema if a recent lookup found it, else nullptr.
sqlite3_stmt* StatementCache::recent(std::string_view sql, const std::string& schema) const {
    for (const Recent& entry : recent_)
        if (entry.key != nullptr && is_key_of(*entry.key, sql, schema)) return entry.stmt;
    return nullptr;
}

sqlite3_stmt* StatementCache::take(std::string_view sql, const std::string& schema) {
    sqlite3_stmt* stmt = recent(sql, schema);
    if (stmt == nullptr) {
        auto found = statements_.find(key_for(sql, schema));
        if (found == statements_.end()) return nullptr;
        stmt = found->second;
        recent_[next_recent_] = Recent{&found->first, stmt};
        next_recent_ = (next_recent_ + 1) % kRecent;
    }
    return sqlite3_stmt_busy(stmt) ? nullptr : stmt;
}

bool StatementCache::keep(sqlite3* db, const std::string& sql, sqlite3_stmt* stmt) {
    if (!guarded_) {
        // "temp." because a table named lucia_statement_cache in the main or an attached file
        // would otherwise be read instead, and the guard never connected.
        expecting_guard_ = true;
        int rc = sqlite3_exec(db, "SELECT * FROM temp.lucia_statement_cache", nullptr, nullptr, nullptr);
        expecting_guard_ = false;
        if (rc != SQLITE_OK) return false;
        if (!guard_connected_) return false;
        guarded_ = true;
    }
    return statements_.emplace(sql, stmt).second;
}

void StatementCache::clear() {
    for (auto& entry : statements_) sqlite3_finalize(entry.second);
    statements_.clear();
    for (Recent& recent : recent_) recent = Recent{};
    guarded_ = false;
    guard_connected_ = false;
}

namespace {

// An empty, eponymous-only virtual table whose only job is its xDisconnect. It shares the cache
// rather than pointing at the connection's state: when the module is loaded again, SQLite frees
// the old state before it gets round to disconnecting the old guard.
struct GuardTable {
    sqlite3_vtab base;
    std::shared_ptr<StatementCache>* cache;
};

struct GuardCursor {
    sqlite3_vtab_cursor base;
};

// Connects only the eponymous table that StatementCache::keep() reads, at that moment: a table a
// database file declares USING lucia_statement_cache would otherwise finalize our statements when
// SQLite disconnects it (after any schema change), while they run.
int guard_connect(sqlite3* db, void* aux, int, const char* const*, sqlite3_vtab** table, char** error) {
    const std::shared_ptr<StatementCache>& cache = (*static_cast<std::shared_ptr<Connection>*>(aux))->statements;
    if (!cache->expects_guard()) {
        *error = sqlite3_mprintf("lucia_statement_cache is lucia's own table and cannot be declared");
        return SQLITE_ERROR;
    }
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(kept_statements INTEGER)");
    if (rc != SQLITE_OK) return rc;
    sqlite3_vtab_config(db, SQLITE_VTAB_DIRECTONLY);
    auto* guard = new (std::nothrow) GuardTable{sqlite3_vtab{}, nullptr};
    if (guard == nullptr) return SQLITE_NOMEM;
    guard->cache = new (std::nothrow) std::shared_ptr<StatementCache>(cache);
    if (guard->cache == nullptr) {
        delete guard;
        return SQLITE_NOMEM;
    }
    (*guard->cache)->guard_connected();
    *table = &guard->base;
    return SQLITE_OK;
}

// Runs when the connection closes (and when the module is replaced): finalize what we kept.
int guard_disconnect(sqlite3_vtab* table) {
    auto* guard = reinterpret_cast<GuardTable*>(table);
    (*guard->cache)->clear();
    delete guard->cache;
    delete guard;
    return SQLITE_OK;
}

int guard_best_index(sqlite3_vtab*, sqlite3_index_info* info) {
    info->estimatedCost = 1;
    return SQLITE_OK;
}

int guard_open(sqlite3_vtab*, sqlite3_vtab_cursor** cursor) {
    auto* c = static_cast<GuardCursor*>(sqlite3_malloc(sizeof(GuardCursor)));
    if (c == nullptr) return SQLITE_NOMEM;
    c->base = sqlite3_vtab_cursor{};
    *cursor = &c->base;
    return SQLITE_OK;
}

int guard_close(sqlite3_vtab_cursor* cursor) {
    sqlite3_free(cursor);
    return SQLITE_OK;
}

int guard_filter(sqlite3_vtab_cursor*, int, const char*, int, sqlite3_value**) {
    return SQLITE_OK;
}

int guard_next(sqlite3_vtab_cursor*) {
    return SQLITE_OK;
}

int guard_eof(sqlite3_vtab_cursor*) {
    return 1;  // no rows
}

int guard_column(sqlite3_vtab_cursor*, sqlite3_context* context, int) {
    sqlite3_result_null(context);
    return SQLITE_OK;
}

int guard_rowid(sqlite3_vtab_cursor*, sqlite3_int64* rowid) {
    *rowid = 0;
    return SQLITE_OK;
}

sqlite3_module make_guard_module() {
    sqlite3_module module{};
    module.iVersion = 0;
    module.xCreate = nullptr;  // eponymous-only
    module.xConnect = guard_connect;
    module.xBestIndex = guard_best_index;
    module.xDisconnect = guard_disconnect;
    module.xDestroy = guard_disconnect;
    module.xOpen = guard_open;
    module.xClose = guard_close;
    module.xFilter = guard_filter;
    module.xNext = guard_next;
    module.xEof = guard_eof;
    module.xColumn = guard_column;
    module.xRowid = guard_rowid;
    return module;
}

const sqlite3_module kGuardModule = make_guard_module();

// The module's reference to the connection's state goes with the module.
void release_connection(void* state) {
    delete static_cast<std::shared_ptr<Connection>*>(state);
}

}  // namespace

int install_statement_cache_guard(sqlite3* db, const std::shared_ptr<Connection>& connection, char** error_message) {
    auto* reference = new (std::nothrow) std::shared_ptr<Connection>(connection);
    if (reference == nullptr) return SQLITE_NOMEM;
    // SQLite calls release_connection when the module goes (connection closed, module replaced
    // or dropped), and at once if this fails.
    int rc = sqlite3_create_module_v2(db, "lucia_statement_cache", &kGuardModule, reference, release_connection);
    if (rc != SQLITE_OK)
        *error_message = sqlite3_mprintf("lucia: cannot install the statement cache: %s", sqlite3_errmsg(db));
    return rc;
}

}  // namespace lucia_sqlite
