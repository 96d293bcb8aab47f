#include "key_id.hpp"

#include "errors.hpp"
#include "messages.hpp"
#include "unicode.hpp"

namespace lucia {

namespace {

// One rule for every text part of an id: present, valid UTF-8 without NUL (the columns are text).
void check_id_part(std::string_view part, const char* name) {
    if (part.empty()) {
        throw Error(ErrorCode::InvalidArgument, std::string(name) + messages::kMustNotBeEmpty);
    }
    if (!is_valid_utf8(part)) {
        throw Error(ErrorCode::InvalidArgument, std::string(name) + " is not valid utf-8");
    }
    // PostgreSQL's text cannot hold NUL; in SQLite "admin" and "admin\0" would be two ids that
    // every C string and the shell show alike.
    if (part.find('\0') != std::string_view::npos) {
        throw Error(ErrorCode::InvalidArgument, std::string(name) + " must not contain NUL");
    }
}

}  // namespace

// Lucia concatenates without escaping, so a ':' in the provider id would split differently on read.
std::string format_key_id(std::string_view provider_id, std::string_view provider_user_id) {
    check_id_part(provider_id, "provider id");
    check_id_part(provider_user_id, "provider user id");
    if (provider_id.find(':') != std::string_view::npos) {
        throw Error(ErrorCode::InvalidArgument, "provider id must not contain ':'");
    }
    if (provider_id.size() + 1 + provider_user_id.size() > kMaxKeyIdBytes) {
        throw Error(ErrorCode::InvalidArgument, "key id must be at most 255 bytes");
    }
    std::string key_id;
    key_id.reserve(provider_id.size() + 1 + provider_user_id.size());
    key_id.append(provider_id).append(1, ':').append(provider_user_id);
    return key_id;
}

// Views into key_id (adapters rely on that), split like transformDatabaseKey's split/join.
KeyIdParts split_key_id(std::string_view key_id) noexcept {
    const std::size_t colon = key_id.find(':');
    if (colon == std::string_view::npos) {
        return KeyIdParts{key_id, key_id.substr(key_id.size())};
    }
    return KeyIdParts{key_id.substr(0, colon), key_id.substr(colon + 1)};
}

// Custom ids share the limit of Lucia's VARCHAR(255) columns and must be storable text.
void check_custom_user_id(std::string_view user_id) {
    check_id_part(user_id, "user id");
    if (user_id.size() > kMaxUserIdBytes) {
        throw Error(ErrorCode::InvalidArgument, "user id must be at most 255 bytes");
    }
}

}  // namespace lucia
