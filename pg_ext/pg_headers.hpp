// Every PostgreSQL header the adapter uses, in one place and with C linkage.
// Why: files that include this may longjmp (ereport), so they hold only plain C data and reach
// core/ only through core_bridge.h; core/no_database_headers.hpp refuses to compile beside this.
#pragma once

#if defined(LUCIA_CORE_HEADER)
#error "PostgreSQL headers must not be compiled beside core/ headers: reach core/ through core_bridge.h"
#endif
#define LUCIA_PG_HEADERS 1

// PostgreSQL's headers are C: silence the C++-only warnings they raise, and only for them.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wregister"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"

extern "C" {
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_attribute.h"
#include "common/int.h"
#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "storage/proc.h"
#include "tcop/tcopprot.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/elog.h"
#include "utils/guc.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"
#include "utils/typcache.h"
}

#pragma GCC diagnostic pop
