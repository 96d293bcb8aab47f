// Why: core/ must stay free of PostgreSQL and SQLite so that both adapters share it unchanged,
// and so that no PostgreSQL longjmp can ever be raised from inside a core C++ frame.
#pragma once

#if defined(PG_VERSION_NUM) || defined(POSTGRES_H)
static_assert(false, "core/ must not include PostgreSQL headers");
#endif
#if defined(SQLITE_VERSION_NUMBER)
static_assert(false, "core/ must not include SQLite headers");
#endif
