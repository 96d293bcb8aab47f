// Lucia errors as PostgreSQL errors: SQLSTATE class LU, message starting with Lucia's code.
#include "errors_pg.hpp"

// The SQLSTATE that core/ documents for a code, in PostgreSQL's packed form.
int lucia_sqlstate(int code) {
    const char *s = lucia_bridge_code_sqlstate(code);
    return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

void lucia_raise(int code, const char *detail) {
    ereport(ERROR,
            (errcode(lucia_sqlstate(code)), errmsg("%s: %s", lucia_bridge_code_name(code), detail), errhidestmt(true)));
    pg_unreachable();
}

void lucia_raise_failure(const LuciaFailure *failure) {
    lucia_raise(failure->code, failure->detail);
}
