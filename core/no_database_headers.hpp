// Why: a file that includes PostgreSQL's headers may longjmp (ereport) at any call, so it must
// never hold C++ objects; it reaches core/ only through pg_ext/core_bridge.h. This refuses to
// compile core/ headers in such a file. (That core/ itself includes no database header at all is
// checked by tests/check_core_headers.sh.)
#pragma once

#if defined(PG_VERSION_NUM) || defined(POSTGRES_H)
static_assert(false, "core/ headers must not be compiled beside PostgreSQL headers: use pg_ext/core_bridge.h");
#endif
