#include "standby.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "settings.hpp"

extern "C" {
#include "access/xact.h"
#include "access/xlog.h"
}

// Whether the running call wrote with lucia.synchronous_apply on.
static bool remote_apply_wanted = false;

// The lowest transaction nest level (1: the top) holding such a write that no rollback has
// undone; 0: none. Its commit waits for remote_apply even if synchronous_commit was changed
// after the call (a wrapper's SET clause, SET LOCAL): lucia.synchronous_apply is a superuser's.
static int remote_apply_level = 0;

bool lucia_cannot_write(void) {
    return RecoveryInProgress() || XactReadOnly;
}

void lucia_begin_write(const char *what) {
    if (RecoveryInProgress())
        lucia_raise(LUCIA_PRIMARY_REQUIRED,
                    psprintf("%s writes, and this server is a standby; send the call to the primary", what));
    if (XactReadOnly)
        lucia_raise(LUCIA_PRIMARY_REQUIRED,
                    psprintf("%s writes, and this transaction is read-only; send the call to the primary, "
                             "in a read-write transaction",
                             what));
    if (lucia_synchronous_apply) remote_apply_wanted = true;
}

void lucia_raise_negative(int code, const char *detail) {
    if (RecoveryInProgress())
        lucia_raise(
            LUCIA_PRIMARY_REQUIRED,
            psprintf("%s on this standby, which may lag behind the primary; send the call to the primary", detail));
    lucia_raise(code, detail);
}

void lucia_write_call_begin(bool *outer) {
    *outer = remote_apply_wanted;
    remote_apply_wanted = false;
}

// As SET LOCAL synchronous_commit = remote_apply: a user setting, restored at the transaction's end.
static void set_remote_apply(void) {
    (void)set_config_option("synchronous_commit", "remote_apply", PGC_USERSET, PGC_S_SESSION, GUC_ACTION_LOCAL, true, 0,
                            false);
}

void lucia_write_call_end(bool outer, bool succeeded) {
    bool wanted = succeeded && remote_apply_wanted;
    remote_apply_wanted = outer || wanted;
    if (!wanted) return;
    set_remote_apply();
    int level = GetCurrentTransactionNestLevel();
    if (remote_apply_level == 0 || level < remote_apply_level) remote_apply_level = level;
}

// A subtransaction's end: its writes pass to its parent (commit) or are undone with it (abort).
static void on_subtransaction_end(SubXactEvent event, SubTransactionId, SubTransactionId, void *) {
    int level = GetCurrentTransactionNestLevel();
    if (remote_apply_level < level) return;  // none, or only in enclosing levels
    if (event == SUBXACT_EVENT_COMMIT_SUB) remote_apply_level = level - 1;
    if (event == SUBXACT_EVENT_ABORT_SUB) remote_apply_level = 0;
}

// Just before the commit record: remote_apply again if a write asked for it and survived.
static void on_transaction_end(XactEvent event, void *) {
    if (event == XACT_EVENT_PRE_COMMIT && remote_apply_level > 0) set_remote_apply();
    if (event != XACT_EVENT_PRE_COMMIT && event != XACT_EVENT_PARALLEL_PRE_COMMIT && event != XACT_EVENT_PRE_PREPARE)
        remote_apply_level = 0;
}

void lucia_synchronous_apply_install(void) {
    RegisterXactCallback(on_transaction_end, nullptr);
    RegisterSubXactCallback(on_subtransaction_end, nullptr);
}
