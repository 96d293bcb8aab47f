// Per-connection state of the module: the database handle, its lucia.* settings (SQLite has no
// GUCs, so each connection keeps its own, under the same names as PostgreSQL's), its prepared
// statements and its authenticated user (lucia_authenticate), all freed with the connection.
#pragma once

#include "connection_settings.hpp"
#include "sqlite_api.hpp"
#include "statement_cache.hpp"

#include "core/authenticated_user.hpp"

#include <memory>

namespace lucia_sqlite {

struct Connection {
    sqlite3* db = nullptr;
    Settings settings;
    std::shared_ptr<StatementCache> statements = std::make_shared<StatementCache>();
    // Set only by lucia_authenticate, which the connection's own SQL must call (DIRECTONLY).
    lucia::AuthenticatedUser authenticated_user;
};

}  // namespace lucia_sqlite
