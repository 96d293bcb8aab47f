#include "standby.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "settings.hpp"

extern "C" {
#include "access/xlog.h"
}

// Whether the running call wrote with lucia.synchronous_apply on.
static bool remote_apply_wanted = false;

bool lucia_on_standby(void) {
    return RecoveryInProgress();
}

void lucia_begin_write(const char *what) {
    if (RecoveryInProgress())
        lucia_raise(LUCIA_PRIMARY_REQUIRED,
                    psprintf("%s writes, and this server is a standby; send the call to the primary", what));
    if (lucia_synchronous_apply) remote_apply_wanted = true;
}

void lucia_raise_negative(int code, const char *detail) {
    if (RecoveryInProgress())
        lucia_raise(LUCIA_PRIMARY_REQUIRED,
                    psprintf("%s on this standby, which may lag behind the primary; send the call to the primary",
                             detail));
    lucia_raise(code, detail);
}

void lucia_write_call_begin(bool *outer) {
    *outer = remote_apply_wanted;
    remote_apply_wanted = false;
}

void lucia_write_call_end(bool outer, bool succeeded) {
    bool wanted = succeeded && remote_apply_wanted;
    remote_apply_wanted = outer || wanted;
    // As SET LOCAL: synchronous_commit is a user setting, and the transaction's end restores it.
    if (wanted)
        (void)set_config_option("synchronous_commit", "remote_apply", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_LOCAL,
                                true, 0, false);
}
