#include "rows.hpp"

#include "core/json_writer.hpp"

#include "core/errors.hpp"

#include "core/key_result.hpp"
#include "core/session_expiry.hpp"
#include "core/session_json.hpp"

namespace lucia_sqlite {

namespace {

// A column value as JSON by its storage class; blobs as PostgreSQL's to_jsonb prints bytea. The
// value comes from sqlite3_column_value, read while our function runs (see Statement::value).
void add_column(lucia::JsonObject& object, const char* name, sqlite3_value* value) {
    switch (sqlite3_value_type(value)) {
        case SQLITE_INTEGER: object.add(name, static_cast<std::int64_t>(sqlite3_value_int64(value))); break;
        case SQLITE_FLOAT: object.add(name, sqlite3_value_double(value)); break;
        case SQLITE_TEXT: {
            const char* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
            object.add(name, std::string_view(text, static_cast<std::size_t>(sqlite3_value_bytes(value))));
            break;
        }
        case SQLITE_BLOB: {
            static const char kHex[] = "0123456789abcdef";
            const auto* bytes = static_cast<const unsigned char*>(sqlite3_value_blob(value));
            const int size = sqlite3_value_bytes(value);
            std::string hex = "\\x";
            for (int i = 0; i < size; ++i) {
                hex += kHex[bytes[i] >> 4];
                hex += kHex[bytes[i] & 15];
            }
            object.add(name, hex);
            break;
        }
        default: object.add_null(name);
    }
}

}  // namespace

lucia::JsonText session_json(const SessionRow& session, std::int64_t now_ms, bool fresh,
                             const std::optional<std::string>& user_attributes) {
    lucia::SessionFields fields{session.session_id, session.user_id, session.active_expires, session.idle_expires};
    if (!user_attributes.has_value()) return lucia::session_json(fields, now_ms, fresh);
    return lucia::session_json(fields, now_ms, fresh, std::string_view(*user_attributes));
}

std::string key_json(const KeyRow& key, std::int64_t now_ms) {
    return lucia::key_json(key.key_id, key.user_id, stored_key(key), now_ms);
}

lucia::StoredKey stored_key(const KeyRow& key) {
    lucia::StoredKey view;
    if (key.hashed_password.has_value()) view.hashed_password = std::string_view(*key.hashed_password);
    view.primary_key = key.primary_key;
    view.expires = key.expires;
    return view;
}

std::string attributes_json(const Statement& row, int first) {
    lucia::JsonObject object;
    for (int column = first; column < row.column_count(); ++column) {
        const char* name = row.column_name(column);
        if (std::string_view(name) == "id") continue;
        add_column(object, name, sqlite3_column_value(row.handle(), column));
    }
    return object.str();
}

KeyRow key_from_row(const Statement& row) {
    KeyRow key;
    key.key_id = row.text(0);
    key.user_id = row.text(1);
    key.primary_key = row.int64(2) != 0;
    key.hashed_password = row.optional_text(3);
    key.expires = row.optional_int64(4);
    return key;
}

}  // namespace lucia_sqlite
