#include "key_result.hpp"

#include "json_writer.hpp"
#include "key_id.hpp"

namespace lucia {

// Lucia's Key: the provider parts split at the first ':', the rest from describe_key.
KeyFields key_fields(std::string_view key_id, const StoredKey& key, std::int64_t now_ms) noexcept {
    KeyIdParts parts = split_key_id(key_id);
    KeyDescription description = describe_key(key, now_ms);
    KeyFields fields{};
    fields.type = description.single_use ? "single_use" : "persistent";
    fields.provider_id = parts.provider_id;
    fields.provider_user_id = parts.provider_user_id;
    fields.password_defined = description.password_defined;
    fields.single_use = description.single_use;
    fields.expired = description.expired;
    return fields;
}

// The field order and the nulls of a persistent key are lucia_key's (pg_ext/lucia--1.0.sql).
std::string key_json(std::string_view key_id, std::string_view user_id, const StoredKey& key, std::int64_t now_ms) {
    KeyFields fields = key_fields(key_id, key, now_ms);
    static constexpr JsonName kType = "type", kProviderId = "provider_id", kProviderUserId = "provider_user_id",
                              kUserId = "user_id", kPrimaryKey = "primary_key", kPasswordDefined = "password_defined",
                              kExpiresAt = "expires_at", kExpired = "expired", kExpires = "expires";
    JsonObject object;
    object.add(kType, fields.type)
        .add(kProviderId, fields.provider_id)
        .add(kProviderUserId, fields.provider_user_id)
        .add(kUserId, user_id)
        .add(kPrimaryKey, key.primary_key)
        .add(kPasswordDefined, fields.password_defined);
    if (fields.single_use) {
        object.add_date(kExpiresAt, *key.expires).add(kExpired, fields.expired).add(kExpires, *key.expires);
    } else {
        object.add_null(kExpiresAt).add_null(kExpired).add_null(kExpires);
    }
    return object.str();
}

// lucia_user's two fields.
std::string user_json(std::string_view user_id, std::string_view attributes) {
    static constexpr JsonName kUserId = "user_id", kAttributes = "attributes";
    return JsonObject().add(kUserId, user_id).add_json(kAttributes, attributes).str();
}

}  // namespace lucia
