// Why: a file that includes PostgreSQL's headers may longjmp (ereport) at any call, so it must
// never hold C++ objects; it reaches core/ only through pg_ext/core_bridge.h. Every core/ header
// includes this file, which refuses to compile beside PostgreSQL's headers or the bridge's C
// header, whichever came first; pg_ext/pg_headers.hpp and pg_ext/core_bridge.h refuse the other
// order by testing LUCIA_CORE_HEADER. Only pg_ext/core_bridge.cpp may hold both sides, and says
// so by defining LUCIA_CORE_BRIDGE_IMPLEMENTATION before its includes. (That core/ itself includes
// no database header is checked by tests/check_core_headers.sh.)
#pragma once

#define LUCIA_CORE_HEADER 1

#if defined(PG_VERSION_NUM) || defined(POSTGRES_H) || defined(LUCIA_PG_HEADERS)
#error "core/ headers must not be compiled beside PostgreSQL headers: use pg_ext/core_bridge.h"
#endif

#if defined(LUCIA_CORE_BRIDGE_H) && !defined(LUCIA_CORE_BRIDGE_IMPLEMENTATION)
#error "core/ headers may be included in pg_ext/ only by core_bridge.cpp: call core through core_bridge.h"
#endif
