// SPI for the functions declared without `SET search_path` (lucia_validate_session and
// lucia_get_session, from version 1.1). Why: the clause cost every call a GUC save and restore
// (about 8,000 instructions, callgrind) while the common path, a direct index read of an active
// session, resolves no name at all. Their SPI queries still run with the path pinned, as a
// SECURITY DEFINER function's must: a hostile caller's search_path never reaches a plan.
#pragma once

#include "pg_headers.hpp"

// SPI_connect, then search_path = pg_catalog, pg_temp in a new GUC nest level; returns the level.
int lucia_spi_connect_pinned(void);

// Restores the caller's search_path, then SPI_finish. On an error in between, the transaction's
// (or subtransaction's) abort restores the setting, as it does for a function's SET clause.
void lucia_spi_finish_pinned(int nest_level);
