// Per-connection state of the module: the database handle, its lucia.* settings (SQLite has no
// GUCs, so each connection keeps its own, under the same names as PostgreSQL's) and its
// prepared statements.
#pragma once

#include "connection_settings.hpp"
#include "sqlite_api.hpp"
#include "statement_cache.hpp"

#include <memory>

namespace lucia_sqlite {

struct Connection {
    sqlite3* db = nullptr;
    Settings settings;
    std::shared_ptr<StatementCache> statements = std::make_shared<StatementCache>();
};

}  // namespace lucia_sqlite
