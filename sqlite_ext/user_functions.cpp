// SQL functions over users: Lucia's createUser, getUser, updateUserAttributes, deleteUser.
#include "functions.hpp"
#include "rows.hpp"
#include "session_store.hpp"
#include "user_attributes.hpp"
#include "write_transaction.hpp"

#include "core/argument_rules.hpp"
#include "core/key_id.hpp"
#include "core/key_result.hpp"
#include "core/password_hash.hpp"
#include "core/random_id.hpp"
#include "core/session_expiry.hpp"

namespace lucia_sqlite {

namespace {

bool is_absent(const Call& call, int index) {
    return index >= call.argc || sqlite3_value_type(call.argv[index]) == SQLITE_NULL;
}

// The attributes of the user row a statement returned (RETURNING * or SELECT *), or throws.
std::string returned_attributes(Statement& statement, lucia::ErrorCode code, const char* detail) {
    if (!statement.step()) throw lucia::Error(code, detail);
    std::string attributes = attributes_json(statement, 0);
    while (statement.step()) {
    }
    return attributes;
}

}  // namespace

// lucia_create_user(provider_id, provider_user_id, password, attributes, user_id): the user and
// its primary key in one transaction, so a taken key id leaves no user behind.
void lucia_create_user(const Call& call) {
    bool with_key = !(is_absent(call, 0) && is_absent(call, 1));
    std::optional<std::string_view> password = password_argument(call, 2);
    lucia::check_password_has_key(with_key, password.has_value());
    std::string key_id = with_key ? key_id_arguments(call, 0, 1) : std::string();
    std::optional<std::string_view> attributes_text = optional_text(call, 3, "attributes");
    std::optional<std::string_view> custom_id = optional_text(call, 4, "user id");
    std::string user_id;
    if (custom_id.has_value()) {
        lucia::check_custom_user_id(*custom_id);
        user_id = std::string(*custom_id);
    } else {
        user_id = lucia::generate_random_string(lucia::kUserIdLength);
    }
    std::vector<Attribute> attributes = read_attributes(call, attributes_text);
    // Lucia's createUser stores no hash for "" (it tests the password for truthiness).
    std::optional<std::string> hash;
    if (password.has_value() && !password->empty()) hash = lucia::hash_password(*password);

    std::string sql = "INSERT INTO " + quote_identifier(call.settings().tables_schema) + ".auth_user (id";
    for (const Attribute& attribute : attributes) sql += ", " + quote_identifier(attribute.column);
    sql += ") VALUES (?1";
    for (std::size_t i = 0; i < attributes.size(); ++i) sql += ", ?" + std::to_string(i + 2);
    sql += ") ON CONFLICT (id) DO NOTHING RETURNING *";

    WriteTransaction transaction(call.db());
    Statement insert(call.db(), sql);
    insert.bind(1, user_id);
    for (std::size_t i = 0; i < attributes.size(); ++i) bind_attribute(insert, static_cast<int>(i + 2), attributes[i]);
    std::string stored = returned_attributes(insert, lucia::ErrorCode::DuplicateUserId, lucia::messages::kUserExists);
    transaction.undo_on_failure(with_schema("DELETE FROM @.auth_user WHERE id = ?1", call.settings().tables_schema),
                                user_id);
    if (with_key) {
        Statement key(call,
                      "INSERT INTO @.auth_key (id, user_id, hashed_password, primary_key, expires) "
                      "VALUES (?1, ?2, ?3, 1, NULL) ON CONFLICT (id) DO NOTHING");
        std::optional<std::string_view> hash_view;
        if (hash.has_value()) hash_view = *hash;
        if (key.bind(1, key_id).bind(2, user_id).bind(3, hash_view).run() == 0)
            throw lucia::Error(lucia::ErrorCode::DuplicateKeyId, lucia::messages::kKeyExists);
    }
    transaction.commit();
    result_json(call, lucia::user_json(user_id, stored));
}

void lucia_get_user(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    Statement user(call, "SELECT * FROM @.auth_user WHERE id = ?1");
    user.bind(1, user_id);
    std::string attributes = returned_attributes(user, lucia::ErrorCode::InvalidUserId, lucia::messages::kUserMissing);
    result_json(call, lucia::user_json(user_id, attributes));
}

// lucia_update_user_attributes(user_id, attributes); sweeps the user's dead sessions when
// lucia.auto_database_cleanup is on, as Lucia does.
void lucia_update_user_attributes(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    std::vector<Attribute> attributes = read_attributes(call, optional_text(call, 1, "attributes"));
    std::int64_t now = lucia::current_time_ms();
    const std::string table = quote_identifier(call.settings().tables_schema) + ".auth_user";
    std::string sql;
    if (attributes.empty()) {
        sql = "SELECT * FROM " + table + " WHERE id = ?1";
    } else {
        sql = "UPDATE " + table + " SET ";
        for (std::size_t i = 0; i < attributes.size(); ++i)
            sql += (i == 0 ? "" : ", ") + quote_identifier(attributes[i].column) + " = ?" + std::to_string(i + 2);
        sql += " WHERE id = ?1 RETURNING *";
    }
    WriteTransaction transaction(call.db());
    // The sweep first: it removes only sessions no call would accept, so if the update then
    // fails, nothing a caller can see has changed (see WriteTransaction).
    if (lucia::sweeps_dead_sessions(lucia::SessionWrite::UpdateUser, call.settings().auto_database_cleanup))
        delete_dead_sessions_of(call, user_id, now);
    Statement update(call.db(), sql);
    update.bind(1, user_id);
    for (std::size_t i = 0; i < attributes.size(); ++i) bind_attribute(update, static_cast<int>(i + 2), attributes[i]);
    std::string stored = returned_attributes(update, lucia::ErrorCode::InvalidUserId, lucia::messages::kUserMissing);
    transaction.commit();
    result_json(call, lucia::user_json(user_id, stored));
}

// Sessions, keys, then the user, all or nothing. A missing user is not an error. The user's row
// may fail to go (a foreign key of the application's, a trigger); with no savepoint possible, its
// sessions and keys are then put back (see WriteTransaction).
void lucia_delete_user(const Call& call) {
    std::string_view user_id = user_id_argument(call, 0);
    WriteTransaction transaction(call.db());
    for (const char* table : {"auth_session", "auth_key"}) {
        Statement rows(call, std::string("SELECT * FROM @.") + table + " WHERE user_id = ?1");
        rows.bind(1, user_id);
        transaction.restore_on_failure(rows, call.settings().tables_schema, table);
    }
    for (const char* sql : {"DELETE FROM @.auth_session WHERE user_id = ?1",
                            "DELETE FROM @.auth_key WHERE user_id = ?1", "DELETE FROM @.auth_user WHERE id = ?1"}) {
        Statement(call, sql).bind(1, user_id).run();
    }
    transaction.commit();
    sqlite3_result_null(call.context);
}

}  // namespace lucia_sqlite
