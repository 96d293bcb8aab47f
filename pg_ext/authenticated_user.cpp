// The transaction's authenticated user and the callbacks that end it (authenticated_user.hpp).
#include "authenticated_user.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "session_store.hpp"

extern "C" {
#include "access/xact.h"
}

// What a subtransaction that changed the user began with, to put back if it rolls back. Entries
// are made lazily, on a subtransaction's first change, innermost first; they and every user id
// live in TopTransactionContext, so a value handed out stays valid until the transaction ends
// (replaced values are never freed: a statement may still hold them).
struct SavedUser {
    SubTransactionId subtransaction;
    text *user;
    SavedUser *outer;
};

// The authenticated user (NULL: nobody) and the saved states of the open subtransactions.
static text *current_user_id = nullptr;
static SavedUser *saved_users = nullptr;

// Before a change: remembers the state the current subtransaction began with, once per
// subtransaction (the top-level transaction needs none: its end clears everything).
static void remember_for_rollback(void) {
    SubTransactionId subtransaction = GetCurrentSubTransactionId();
    if (subtransaction == TopSubTransactionId) return;
    if (saved_users != nullptr && saved_users->subtransaction == subtransaction) return;
    SavedUser *entry = static_cast<SavedUser *>(MemoryContextAlloc(TopTransactionContext, sizeof(SavedUser)));
    entry->subtransaction = subtransaction;
    entry->user = current_user_id;
    entry->outer = saved_users;
    saved_users = entry;
}

void lucia_forget_authenticated_user(void) {
    current_user_id = nullptr;
    for (SavedUser *entry = saved_users; entry != nullptr; entry = entry->outer) entry->user = nullptr;
}

// Transaction end (COMMIT, ROLLBACK, PREPARE TRANSACTION, a parallel worker's end): nobody, and
// no pointer into TopTransactionContext, which goes next.
static void end_of_transaction(XactEvent event, void *) {
    switch (event) {
        case XACT_EVENT_COMMIT:
        case XACT_EVENT_PARALLEL_COMMIT:
        case XACT_EVENT_ABORT:
        case XACT_EVENT_PARALLEL_ABORT:
        case XACT_EVENT_PREPARE:
            current_user_id = nullptr;
            saved_users = nullptr;
            break;
        default: break;
    }
}

// Subtransaction end: a rollback puts back what it began with; a commit (RELEASE, a PL/pgSQL
// block that ends normally) hands its saved state to the enclosing subtransaction, unless that
// one saved its own or is the top-level transaction.
static void end_of_subtransaction(SubXactEvent event, SubTransactionId subtransaction, SubTransactionId parent,
                                  void *) {
    if (saved_users == nullptr || saved_users->subtransaction != subtransaction) return;
    if (event == SUBXACT_EVENT_ABORT_SUB) {
        current_user_id = saved_users->user;
        saved_users = saved_users->outer;
    } else if (event == SUBXACT_EVENT_COMMIT_SUB) {
        SavedUser *outer = saved_users->outer;
        if (parent == TopSubTransactionId || (outer != nullptr && outer->subtransaction == parent))
            saved_users = outer;
        else
            saved_users->subtransaction = parent;
    }
}

void lucia_authenticated_user_install(void) {
    RegisterXactCallback(end_of_transaction, nullptr);
    RegisterSubXactCallback(end_of_subtransaction, nullptr);
}

void lucia_clear_authenticated_user(void) {
    remember_for_rollback();
    current_user_id = nullptr;
}

// The PG_CATCH is why a caught error cannot restore an earlier user: the rollback that follows
// finds every saved state forgotten.
LuciaSessionRow *lucia_authenticate_session(const LuciaText *session_id, int64 now_ms, int use, MemoryContext context,
                                            bool *fresh) {
    lucia_clear_authenticated_user();
    LuciaSessionRow *session = nullptr;
    PG_TRY();
    {
        LuciaFailure failure;
        if (!lucia_bridge_check_session_id(session_id->data, session_id->length, &failure))
            lucia_raise_failure(&failure);
        session = lucia_read_live_session(session_id, now_ms, use, context, nullptr, fresh);
    }
    PG_CATCH();
    {
        lucia_forget_authenticated_user();
        PG_RE_THROW();
    }
    PG_END_TRY();
    text *user = static_cast<text *>(MemoryContextAlloc(TopTransactionContext, VARHDRSZ + strlen(session->user_id)));
    SET_VARSIZE(user, VARHDRSZ + strlen(session->user_id));
    memcpy(VARDATA(user), session->user_id, strlen(session->user_id));
    current_user_id = user;
    return session;
}

text *lucia_authenticated_user(void) {
    return current_user_id;
}
