// What a new session's insert can skip, learned from auth_session without SPI (session_insert_probe.hpp).
#include "session_insert_probe.hpp"

#include "direct_table.hpp"
#include "table_oids.hpp"

extern "C" {
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "catalog/pg_am.h"
#include "commands/trigger.h"
#include "executor/executor.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"
#include "utils/relcache.h"
#include "utils/reltrigger.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/lsyscache.h"
}

// An index of auth_session whose first keys are (user_id, idle_expires), as lucia_create_tables
// and lucia_create_indexes make it, or NULL.
static Relation open_user_expiry_index(const LuciaDirectTable *sessions) {
    List *indexes = RelationGetIndexList(sessions->relation);
    ListCell *cell;
    foreach (cell, indexes) {
        Relation index = index_open(lfirst_oid(cell), AccessShareLock);
        if (index->rd_rel->relam == BTREE_AM_OID && index->rd_index->indnkeyatts >= 2 &&
            index->rd_index->indkey.values[0] == sessions->user_id &&
            index->rd_index->indkey.values[1] == sessions->idle_expires && RelationGetIndexPredicate(index) == NIL &&
            RelationGetIndexExpressions(index) == NIL)
            return index;
        index_close(index, AccessShareLock);
    }
    return nullptr;
}

// Whether the trigger fires under the session's session_replication_role, as the executor decides.
static bool trigger_fires_now(const Trigger *trigger) {
    if (SessionReplicationRole == SESSION_REPLICATION_ROLE_REPLICA)
        return trigger->tgenabled == TRIGGER_FIRES_ON_REPLICA || trigger->tgenabled == TRIGGER_FIRES_ALWAYS;
    return trigger->tgenabled == TRIGGER_FIRES_ON_ORIGIN || trigger->tgenabled == TRIGGER_FIRES_ALWAYS;
}

// Whether the foreign key refers to the id of auth_user in `schema`. The remembered OID of
// auth_user may be stale, so a key that does not match it is compared with a fresh look-up.
static bool refers_to_users_id(const ForeignKeyCacheInfo *key, Oid schema) {
    if (key->nkeys != 1) return false;
    Oid users = lucia_table_oid("auth_user", schema, false);
    if (key->confrelid != users) users = lucia_table_oid("auth_user", schema, true);
    return OidIsValid(users) && key->confrelid == users && key->confkey[0] == get_attnum(users, "id");
}

// Whether an insert into auth_session has its user checked (and locked) by a foreign key from
// user_id to the id of auth_user in the same schema, as lucia_create_tables makes it: its check
// trigger fires now and cannot be deferred past the insert, and no row-level security policy
// of auth_user (which the foreign key's check would not apply) hides users from us.
// Why copies: building the foreign-key list and looking auth_user up scan catalogs, which may
// process invalidation messages (an ANALYZE elsewhere sends one); they rebuild the table's cache
// entry and free its trigger and foreign-key lists, so nothing read from those lists is used
// after such a call (tests/pg/relcache_storm_test.sh).
static bool user_checked_by_foreign_key(const LuciaDirectTable *sessions) {
    const TriggerDesc *triggers = sessions->relation->trigdesc;
    if (triggers == nullptr) return false;
    Oid *checking = static_cast<Oid *>(palloc(sizeof(Oid) * triggers->numtriggers));
    int checking_count = 0;
    for (int i = 0; i < triggers->numtriggers; ++i) {
        const Trigger *trigger = &triggers->triggers[i];
        if (trigger->tgfoid == F_RI_FKEY_CHECK_INS && !trigger->tgdeferrable && trigger_fires_now(trigger))
            checking[checking_count++] = trigger->tgconstraint;
    }
    if (checking_count == 0) return false;
    Oid schema = RelationGetNamespace(sessions->relation);
    List *foreign_keys = static_cast<List *>(copyObjectImpl(RelationGetFKeyList(sessions->relation)));
    ListCell *cell;
    foreach (cell, foreign_keys) {
        const ForeignKeyCacheInfo *key = lfirst_node(ForeignKeyCacheInfo, cell);
        bool checked_now = false;
        for (int i = 0; i < checking_count; ++i) checked_now = checked_now || key->conoid == checking[i];
        if (checked_now && key->conkey[0] == sessions->user_id && refers_to_users_id(key, schema))
            return check_enable_rls(key->confrelid, InvalidOid, true) == RLS_NONE;
    }
    return false;
}

// Whether the user has a dead session, by the (user_id, idle_expires) index: 1, 0, or -1.
static int user_has_dead_sessions(const LuciaDirectTable *sessions, const char *user_id, int64 now_ms) {
    Relation index = open_user_expiry_index(sessions);
    if (index == nullptr) return -1;
    Snapshot snapshot = lucia_lookup_snapshot(true);
    ScanKeyData keys[2];
    ScanKeyEntryInitialize(&keys[0], 0, 1, BTEqualStrategyNumber, InvalidOid, index->rd_indcollation[0], F_TEXTEQ,
                           CStringGetTextDatum(user_id));
    ScanKeyEntryInitialize(&keys[1], 0, 2, BTLessStrategyNumber, InvalidOid, InvalidOid, F_INT8LT,
                           Int64GetDatum(now_ms));
    TupleTableSlot *slot = table_slot_create(sessions->relation, nullptr);
    bool found = lucia_fetch_first(sessions, index, keys, 2, snapshot, slot);
    ExecDropSingleTupleTableSlot(slot);
    UnregisterSnapshot(snapshot);
    index_close(index, NoLock);
    return found ? 1 : 0;
}

LuciaSessionInsertProbe lucia_probe_session_insert(const char *user_id, int64 now_ms, bool want_dead_sessions) {
    LuciaSessionInsertProbe probe = {-1, false};
    LuciaDirectTable sessions;
    // The insert's own lock, taken now: no DDL can disable or drop the foreign key in between.
    if (!lucia_open_checked_table(lucia_usable_tables_schema(), "auth_session", true, RowExclusiveLock, &sessions))
        return probe;
    probe.user_foreign_key = user_checked_by_foreign_key(&sessions);
    if (want_dead_sessions) probe.dead_sessions = user_has_dead_sessions(&sessions, user_id, now_ms);
    table_close(sessions.relation, NoLock);
    return probe;
}
