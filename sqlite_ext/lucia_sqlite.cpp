// The SQLite loadable extension: entry point sqlite3_lucia_init (SQLite derives it from the file
// name lucia.so), the table of functions with their flags, and the one place where C++ errors
// become SQLite errors, so that no exception ever reaches SQLite.
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "direct_call.hpp"
#include "functions.hpp"
#include "statement.hpp"

#include "core/errors.hpp"
#include "core/messages.hpp"

#include <memory>
#include <new>
#include <string>

namespace lucia_sqlite {

namespace {

using Body = void (*)(const Call&);

// A Lucia error as "<CODE>: <detail>", the same message PostgreSQL raises.
void report_lucia_error(sqlite3_context* context, const lucia::Error& error) {
    std::string message = std::string(lucia::error_code_name(error.code())) + ": " + error.detail();
    sqlite3_result_error(context, message.c_str(), -1);
}

// SQLite's own failures keep their code (busy, locked, I/O), so callers' retry logic works;
// constraint failures from the user's own tables are argument errors, as in PostgreSQL.
void report_sqlite_error(sqlite3_context* context, const SqliteError& error) {
    int primary = error.code() & 0xff;
    if (primary == SQLITE_CONSTRAINT) {
        lucia::ErrorCode code = error.code() == SQLITE_CONSTRAINT_FOREIGNKEY ? lucia::ErrorCode::InvalidUserId
                                                                             : lucia::ErrorCode::InvalidArgument;
        report_lucia_error(context, lucia::Error(code, error.what()));
        return;
    }
    sqlite3_result_error(context, error.what(), -1);
    sqlite3_result_error_code(context, error.code());
}

// What each registered function holds: its name, and a share of the connection's state, so the
// state lives as long as any function or the guard module still needs it (a module dropped with
// sqlite3_drop_modules, or the module loaded again while a statement runs, must not free it).
struct Registration {
    std::shared_ptr<Connection> connection;
    const char* name;
    NamingMemo calls;  // require_direct_call's memory; SQLite runs one call per connection at a time
};

void release_registration(void* registration) {
    delete static_cast<Registration*>(registration);
}

// Runs one body under the one try/catch: every C++ error becomes the call's SQLite error. With
// direct_only (every function but one), the body runs only when the application's own statement
// calls the function (direct_call.hpp).
template <Body body, bool direct_only>
void run_body(sqlite3_context* context, int argc, sqlite3_value** argv) {
    try {
        auto* registration = static_cast<Registration*>(sqlite3_user_data(context));
        if constexpr (direct_only)
            require_direct_call(registration->connection->db, registration->name, registration->calls);
        Call call{context, argc, argv, *registration->connection};
        body(call);
    } catch (const lucia::Error& error) {
        report_lucia_error(context, error);
    } catch (const SqliteError& error) {
        report_sqlite_error(context, error);
    } catch (const std::bad_alloc&) {
        sqlite3_result_error_nomem(context);
    } catch (const std::exception& error) {
        report_lucia_error(context, lucia::Error(lucia::ErrorCode::UnknownError, error.what()));
    } catch (...) {
        report_lucia_error(context,
                           lucia::Error(lucia::ErrorCode::UnknownError, lucia::messages::kUnexpectedException));
    }
}

// Every function but one: it runs only when the application's own statement calls it.
template <Body body>
constexpr auto sqlite_callback = run_body<body, true>;
// lucia_authenticated_user_id alone: callable from views and triggers, since it only reads what
// the connection's own SQL set (kInnocuous below).
template <Body body>
constexpr auto schema_callback = run_body<body, false>;

// Every function but lucia_authenticated_user_id is DIRECTONLY (refused in a view, trigger,
// DEFAULT, generated column or index of a database file) and not INNOCUOUS. SQLite marks a call
// in a CHECK constraint as coming from the schema only for a DETERMINISTIC function, so the
// functions that read or write the tables, the settings or the authenticated user are also
// deterministic: a file whose CHECK calls one fails to load ("unsafe use of ..."). The price: such a call whose
// arguments are all constants runs once per statement, not once per row. Behind that, every call passes
// require_direct_call (direct_call.hpp).
constexpr int kState = SQLITE_UTF8 | SQLITE_DIRECTONLY | SQLITE_DETERMINISTIC;
// Functions whose every call must give a new value (random strings, salted hashes, the work
// counter): not deterministic; require_direct_call is what keeps them out of CHECK constraints.
constexpr int kFresh = SQLITE_UTF8 | SQLITE_DIRECTONLY;

// SQLite's documentation of sqlite3_result_subtype asks every function that calls it (our JSON
// results carry subtype 'J') to be registered with SQLITE_RESULT_SUBTYPE, or the subtype may be
// lost, and a library built with SQLITE_STRICT_SUBTYPE refuses the call. The flag exists from
// SQLite 3.45 (value 0x001000000 there); older libraries, such as Debian 12's 3.40 and the 3.43
// that better-sqlite3 bundles, keep only the flag bits they know when registering a function and
// accept the rest silently (sqlite3CreateFunc), so the documented value is defined when the header
// predates it and passed to every library.
#ifndef SQLITE_RESULT_SUBTYPE
#define SQLITE_RESULT_SUBTYPE 0x001000000
#endif
// Functions that return a JSON object or array (result_json).
constexpr int kJson = kState | SQLITE_RESULT_SUBTYPE;
// lucia_authenticated_user_id: INNOCUOUS, so the application's views and triggers may call it even
// with trusted_schema off, which a hostile file's schema then may too: all it can do is read the id
// of the user the connection's own code authenticated (lucia_authenticate and
// lucia_clear_authentication, which set it, stay DIRECTONLY). Not DETERMINISTIC: the value changes
// between statements, so SQLite must never reuse one, and SQLite keeps it out of generated columns
// and indexes, whose stored results would outlive it (docs/security.md).
constexpr int kInnocuous = SQLITE_UTF8 | SQLITE_INNOCUOUS;

struct FunctionEntry {
    const char* name;
    int min_args;
    int max_args;
    void (*callback)(sqlite3_context*, int, sqlite3_value**);
    int flags = kState;
};

const FunctionEntry kFunctions[] = {
    {"lucia_create_user", 0, 5, sqlite_callback<lucia_create_user>, kJson},
    {"lucia_get_user", 1, 1, sqlite_callback<lucia_get_user>, kJson},
    {"lucia_update_user_attributes", 2, 2, sqlite_callback<lucia_update_user_attributes>, kJson},
    {"lucia_delete_user", 1, 1, sqlite_callback<lucia_delete_user>},
    {"lucia_create_key", 3, 5, sqlite_callback<lucia_create_key>, kJson},
    {"lucia_validate_key", 2, 3, sqlite_callback<lucia_validate_key>, kJson},
    {"lucia_get_key", 2, 2, sqlite_callback<lucia_get_key>, kJson},
    {"lucia_get_all_user_keys", 1, 1, sqlite_callback<lucia_get_all_user_keys>, kJson},
    {"lucia_update_key_password", 3, 3, sqlite_callback<lucia_update_key_password>, kJson},
    {"lucia_delete_key", 2, 2, sqlite_callback<lucia_delete_key>},
    {"lucia_create_session", 1, 1, sqlite_callback<lucia_create_session>, kJson},
    {"lucia_get_session", 1, 1, sqlite_callback<lucia_get_session>, kJson},
    {"lucia_get_session_user", 1, 1, sqlite_callback<lucia_get_session_user>, kJson},
    {"lucia_validate_session", 1, 1, sqlite_callback<lucia_validate_session>, kJson},
    {"lucia_validate_session_user", 1, 1, sqlite_callback<lucia_validate_session_user>, kJson},
    {"lucia_renew_session", 1, 1, sqlite_callback<lucia_renew_session>, kJson},
    {"lucia_get_all_user_sessions", 1, 1, sqlite_callback<lucia_get_all_user_sessions>, kJson},
    {"lucia_invalidate_session", 1, 1, sqlite_callback<lucia_invalidate_session>},
    {"lucia_invalidate_all_user_sessions", 1, 1, sqlite_callback<lucia_invalidate_all_user_sessions>},
    {"lucia_delete_dead_user_sessions", 1, 1, sqlite_callback<lucia_delete_dead_user_sessions>},
    {"lucia_delete_expired_sessions", 0, 2, sqlite_callback<lucia_delete_expired_sessions>},
    {"lucia_authenticate", 1, 1, sqlite_callback<lucia_authenticate>, kJson},
    {"lucia_authenticated_user_id", 0, 0, schema_callback<lucia_authenticated_user_id>, kInnocuous},
    {"lucia_clear_authentication", 0, 0, sqlite_callback<lucia_clear_authentication>},
    {"lucia_generate_random_string", 1, 1, sqlite_callback<lucia_generate_random_string>, kFresh},
    {"lucia_hash_password", 1, 1, sqlite_callback<lucia_hash_password>, kFresh},
    {"lucia_verify_password", 2, 2, sqlite_callback<lucia_verify_password>},
    {"lucia_create_session_cookie", 0, 2, sqlite_callback<lucia_create_session_cookie>},
    {"lucia_parse_request_headers", 2, 5, sqlite_callback<lucia_parse_request_headers>},
    {"lucia_scrypt_count", 0, 0, sqlite_callback<lucia_scrypt_count>, kFresh},
    {"lucia_create_tables", 0, 1, sqlite_callback<lucia_create_tables>},
    {"lucia_create_indexes", 0, 1, sqlite_callback<lucia_create_indexes>},
    {"lucia_set_config", 2, 2, sqlite_callback<lucia_set_config>},
    {"lucia_config", 1, 1, sqlite_callback<lucia_config>},
    {"lucia_version", 0, 0, sqlite_callback<lucia_version>},
};

// Registers every function with each of its argument counts, each holding a share of `state`.
// Replacing a function fails while a statement runs; the first one fails then, before any other
// is replaced, so the functions already registered keep their own state.
int register_functions(sqlite3* db, const std::shared_ptr<Connection>& state, char** error_message) {
    for (const FunctionEntry& entry : kFunctions) {
        for (int args = entry.min_args; args <= entry.max_args; ++args) {
            auto* registration = new (std::nothrow) Registration{state, entry.name, NamingMemo()};
            if (registration == nullptr) return SQLITE_NOMEM;
            // SQLite calls release_registration when the function goes, and at once if this fails.
            int rc = sqlite3_create_function_v2(db, entry.name, args, entry.flags, registration, entry.callback,
                                                nullptr, nullptr, release_registration);
            if (rc != SQLITE_OK) {
                *error_message = sqlite3_mprintf("lucia: cannot register %s: %s", entry.name, sqlite3_errmsg(db));
                return rc;
            }
        }
    }
    return SQLITE_OK;
}

// Schemas parsed before the functions existed (a file attached before the module was loaded) had
// their CHECK constraints resolved without the functions' flags, so SQLite would not refuse
// them there: make it parse every schema again. RESET also turns writable_schema off; a
// connection that had it on gets it back.
int reparse_schemas(sqlite3* db, char** error_message) {
    int writable = 0;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db, "PRAGMA writable_schema", -1, &stmt, nullptr);
    if (rc == SQLITE_OK && sqlite3_step(stmt) != SQLITE_ROW) {
        // No row: an authorizer ignores PRAGMAs, and the RESET below would silently do nothing.
        sqlite3_finalize(stmt);
        *error_message = sqlite3_mprintf(
            "lucia: PRAGMA writable_schema gave no row (an authorizer that ignores "
            "PRAGMAs?), so the database schemas cannot be parsed again");
        return SQLITE_ERROR;
    }
    if (rc == SQLITE_OK) writable = sqlite3_column_int(stmt, 0);
    sqlite3_finalize(stmt);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "PRAGMA writable_schema = RESET", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK && writable) rc = sqlite3_exec(db, "PRAGMA writable_schema = ON", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
        *error_message = sqlite3_mprintf("lucia: cannot reload the database schemas: %s", sqlite3_errmsg(db));
    return rc;
}

}  // namespace

}  // namespace lucia_sqlite

extern "C" {

#ifdef _WIN32
__declspec(dllexport)
#endif
    int sqlite3_lucia_init(sqlite3* db, char** error_message, const sqlite3_api_routines* api) {
    // One SQLite library per process: the routine table is global, so a load by a second library
    // (Python's sqlite3 beside apsw, better-sqlite3 beside node:sqlite) would send the first
    // library's connections through the second one's routines.
    if (sqlite3_api != nullptr && sqlite3_api != api) {
        *error_message = api->mprintf("lucia: already loaded by another SQLite library in this process");
        return SQLITE_ERROR;
    }
    SQLITE_EXTENSION_INIT2(api);
    std::shared_ptr<lucia_sqlite::Connection> state;
    try {
        state = std::make_shared<lucia_sqlite::Connection>();
    } catch (const std::bad_alloc&) {
        return SQLITE_NOMEM;
    }
    state->db = db;
    // Functions first: if they cannot be replaced (the module loaded again while a statement
    // runs), nothing of the loaded module changes.
    int rc = lucia_sqlite::register_functions(db, state, error_message);
    if (rc != SQLITE_OK) return rc;
    rc = lucia_sqlite::install_statement_cache_guard(db, state, error_message);
    if (rc != SQLITE_OK) return rc;
    return lucia_sqlite::reparse_schemas(db, error_message);
}
}
