// Primary-key index scans of auth_session (and auth_user, for a session with its user), on tables
// opened with the checks SPI would have made (direct_table.hpp); a table that fails them is left
// to SPI, which raises the right error or applies the policy.
#include "session_lookup.hpp"

#include "direct_table.hpp"

extern "C" {
#include "access/tableam.h"
#include "executor/executor.h"
#include "nodes/makefuncs.h"
#include "utils/fmgroids.h"
#include "utils/snapmgr.h"
}

// Copies one text column of the slot into `context`, or NULL.
static char *slot_text(TupleTableSlot *slot, AttrNumber column, MemoryContext context) {
    bool isnull;
    Datum value = slot_getattr(slot, column, &isnull);
    if (isnull) return nullptr;
    MemoryContext old = MemoryContextSwitchTo(context);
    char *copy = TextDatumGetCString(value);
    MemoryContextSwitchTo(old);
    return copy;
}

// The session row from the slot, in `context`; *nulls_found when a column is NULL.
static LuciaSessionRow *session_from_slot(const LuciaDirectTable *table, TupleTableSlot *slot, const char *session_id,
                                          MemoryContext context, bool *nulls_found) {
    LuciaSessionRow *session = static_cast<LuciaSessionRow *>(MemoryContextAllocZero(context, sizeof(LuciaSessionRow)));
    bool null_active, null_idle;
    session->session_id = MemoryContextStrdup(context, session_id);
    session->user_id = slot_text(slot, table->user_id, context);
    Datum active = slot_getattr(slot, table->active_expires, &null_active);
    Datum idle = slot_getattr(slot, table->idle_expires, &null_idle);
    session->active_expires = null_active ? 0 : DatumGetInt64(active);
    session->idle_expires = null_idle ? 0 : DatumGetInt64(idle);
    *nulls_found = session->user_id == nullptr || null_active || null_idle;
    return session;
}

// to_jsonb's call for rows of `row_type`, built once per type and kept: to_jsonb reads its
// argument's type from the call expression, as when SQL calls it.
static FmgrInfo *to_jsonb_call(Oid row_type) {
    static FmgrInfo call;
    static Oid built_for = InvalidOid;
    if (built_for != row_type) {
        MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);
        fmgr_info_cxt(F_TO_JSONB, &call, TopMemoryContext);
        List *arguments = list_make1(makeNullConst(row_type, -1, InvalidOid));
        call.fn_expr = reinterpret_cast<Node *>(
            makeFuncExpr(F_TO_JSONB, JSONBOID, arguments, InvalidOid, InvalidOid, COERCE_EXPLICIT_CALL));
        MemoryContextSwitchTo(old);
        built_for = row_type;
    }
    return &call;
}

// Whether the table has no column but id, as Lucia's default auth_user: its attributes are {}.
static bool has_only_id_column(const LuciaDirectTable *table) {
    TupleDesc descriptor = RelationGetDescr(table->relation);
    for (int i = 0; i < descriptor->natts; ++i) {
        Form_pg_attribute attribute = TupleDescAttr(descriptor, i);
        if (!attribute->attisdropped && attribute->attnum != table->id) return false;
    }
    return true;
}

// The empty JSON object, without parsing one.
static Datum empty_jsonb_object(void) {
    JsonbParseState *state = nullptr;
    (void)pushJsonbValue(&state, WJB_BEGIN_OBJECT, nullptr);
    return JsonbPGetDatum(JsonbValueToJsonb(pushJsonbValue(&state, WJB_END_OBJECT, nullptr)));
}

// to_jsonb(u) - 'id' of the user row in the slot, as the SPI query computes it, in `context`.
static Datum user_attributes_from_slot(const LuciaDirectTable *users, TupleTableSlot *slot, MemoryContext context) {
    MemoryContext old = MemoryContextSwitchTo(context);
    Datum attributes;
    if (has_only_id_column(users)) {
        attributes = empty_jsonb_object();
    } else {
        Datum row = ExecFetchSlotHeapTupleDatum(slot);
        Datum json = FunctionCall1(to_jsonb_call(RelationGetForm(users->relation)->reltype), row);
        attributes = DirectFunctionCall2(jsonb_delete, json, CStringGetTextDatum("id"));
    }
    MemoryContextSwitchTo(old);
    return attributes;
}

LuciaDirectLookup lucia_lookup_session_direct(const char *session_id, bool fresh_snapshot, MemoryContext context,
                                              LuciaSessionRow **row, bool *nulls_found) {
    LuciaDirectTable sessions;
    if (!lucia_open_direct_table(lucia_usable_tables_schema(), "auth_session", true, &sessions))
        return LUCIA_DIRECT_UNAVAILABLE;
    Snapshot snapshot = lucia_lookup_snapshot(fresh_snapshot);
    TupleTableSlot *slot = table_slot_create(sessions.relation, nullptr);
    LuciaDirectLookup result = LUCIA_DIRECT_MISSING;
    if (lucia_fetch_by_id(&sessions, session_id, snapshot, slot)) {
        *row = session_from_slot(&sessions, slot, session_id, context, nulls_found);
        result = LUCIA_DIRECT_FOUND;
    }
    ExecDropSingleTupleTableSlot(slot);
    UnregisterSnapshot(snapshot);
    lucia_close_direct_table(&sessions);
    return result;
}

LuciaDirectLookup lucia_lookup_session_user_direct(const char *session_id, bool fresh_snapshot, MemoryContext context,
                                                   LuciaSessionRow **row, bool *nulls_found, Datum *user_attributes) {
    LuciaDirectTable sessions, users;
    Oid schema = lucia_usable_tables_schema();
    if (!lucia_open_direct_table(schema, "auth_session", true, &sessions)) return LUCIA_DIRECT_UNAVAILABLE;
    if (!lucia_open_direct_table(schema, "auth_user", false, &users)) {
        lucia_close_direct_table(&sessions);
        return LUCIA_DIRECT_UNAVAILABLE;
    }
    // One snapshot for both rows, as the join read them.
    Snapshot snapshot = lucia_lookup_snapshot(fresh_snapshot);
    TupleTableSlot *session_slot = table_slot_create(sessions.relation, nullptr);
    TupleTableSlot *user_slot = table_slot_create(users.relation, nullptr);
    LuciaDirectLookup result = LUCIA_DIRECT_MISSING;
    if (lucia_fetch_by_id(&sessions, session_id, snapshot, session_slot)) {
        LuciaSessionRow *session = session_from_slot(&sessions, session_slot, session_id, context, nulls_found);
        // Without its user the session is missing, as the inner join left it out.
        if (session->user_id != nullptr && lucia_fetch_by_id(&users, session->user_id, snapshot, user_slot)) {
            *user_attributes = user_attributes_from_slot(&users, user_slot, context);
            *row = session;
            result = LUCIA_DIRECT_FOUND;
        } else {
            *nulls_found = false;
        }
    }
    ExecDropSingleTupleTableSlot(user_slot);
    ExecDropSingleTupleTableSlot(session_slot);
    UnregisterSnapshot(snapshot);
    lucia_close_direct_table(&users);
    lucia_close_direct_table(&sessions);
    return result;
}
