// SPI for the functions declared without `SET search_path` (lucia_validate_session,
// lucia_get_session, their _user forms and lucia_create_session). Why: the
// clause cost every call a GUC save and restore, and every SPI plan a fresh parse of the path
// (together about 15,000 instructions, callgrind), while those functions resolve no name on
// their common path. Their SPI queries still run with the path pinned, as a SECURITY DEFINER
// function's must: a hostile caller's search_path never reaches a plan.
#pragma once

#include "pg_headers.hpp"

// SPI_connect, then the search path pinned to pg_catalog, pg_temp; returns what the unpin needs.
int lucia_spi_connect_pinned(void);

// Restores the caller's search path, then SPI_finish. On an error in between, the transaction's
// (or subtransaction's) abort restores it, as it does for a function's SET clause.
void lucia_spi_finish_pinned(int nest_level);
