// Lucia errors as PostgreSQL errors: SQLSTATE class LU, message starting with Lucia's code.
#include "errors_pg.hpp"

// The SQLSTATE that core/ documents for a code, in PostgreSQL's packed form.
int lucia_sqlstate(int code) {
    const char *s = lucia_bridge_code_sqlstate(code);
    return MAKE_SQLSTATE(s[0], s[1], s[2], s[3], s[4]);
}

// ereport(ERROR) of "<CODE>: <detail>" under sqlerrcode, the statement kept out of the log.
[[noreturn]] static void raise_as(int sqlerrcode, int code, const char *detail) {
    ereport(ERROR, (errcode(sqlerrcode), errmsg("%s: %s", lucia_bridge_code_name(code), detail), errhidestmt(true)));
    pg_unreachable();
}

void lucia_raise(int code, const char *detail) {
    raise_as(lucia_sqlstate(code), code, detail);
}

void lucia_raise_failure(const LuciaFailure *failure) {
    lucia_raise(failure->code, failure->detail);
}

void lucia_raise_failure_as(int sqlerrcode, const LuciaFailure *failure) {
    raise_as(sqlerrcode, failure->code, failure->detail);
}
