#include "argument_rules.hpp"

#include "key_id.hpp"
#include "password_hash.hpp"
#include "random_id.hpp"
#include "unicode.hpp"

namespace lucia {

Error null_argument(ErrorCode code, std::string_view what) {
    return Error(code, std::string(what) + " must not be null");
}

std::string_view session_id_argument(std::optional<std::string_view> id) {
    if (!id) throw null_argument(ErrorCode::InvalidSessionId, "session id");
    if (id->size() != kSessionIdLength) throw Error(ErrorCode::InvalidSessionId, "session id must be 40 characters");
    return *id;
}

std::string_view invalidated_session_id_argument(std::optional<std::string_view> id) {
    if (!id) throw null_argument(ErrorCode::InvalidSessionId, "session id");
    return *id;
}

std::string_view user_id_argument(std::optional<std::string_view> id) {
    if (!id) throw null_argument(ErrorCode::InvalidUserId, "user id");
    if (id->empty()) throw Error(ErrorCode::InvalidUserId, "user id must not be empty");
    if (id->size() > kMaxKeyIdBytes) throw Error(ErrorCode::InvalidUserId, "user id is too long");
    return *id;
}

std::string key_id_argument(std::optional<std::string_view> provider_id,
                            std::optional<std::string_view> provider_user_id) {
    if (!provider_id) throw null_argument(ErrorCode::InvalidKeyId, "provider id");
    if (!provider_user_id) throw null_argument(ErrorCode::InvalidKeyId, "provider user id");
    try {
        return format_key_id(*provider_id, *provider_user_id);
    } catch (const Error& e) {
        throw Error(ErrorCode::InvalidKeyId, e.detail());
    }
}

void check_password_length(std::size_t bytes) {
    if (bytes > kMaxPasswordBytes)
        throw Error(ErrorCode::InvalidArgument,
                    "password must be at most " + std::to_string(kMaxPasswordBytes) + " bytes");
}

void check_password_encoding(std::string_view password) {
    if (!is_valid_utf8(password)) throw Error(ErrorCode::InvalidArgument, "password is not valid UTF-8");
}

void check_password(std::string_view password) {
    check_password_length(password.size());
    check_password_encoding(password);
}

void check_password_has_key(bool has_key, bool has_password) {
    if (has_password && !has_key)
        throw Error(ErrorCode::InvalidArgument, "a password needs a provider id and provider user id");
}

std::string_view required_password(std::optional<std::string_view> password) {
    if (!password) throw null_argument(ErrorCode::InvalidArgument, "password");
    return *password;
}

std::size_t random_string_length_argument(std::optional<std::int64_t> length) {
    if (!length) throw null_argument(ErrorCode::InvalidArgument, "length");
    if (*length < 1 || *length > static_cast<std::int64_t>(kMaxRandomStringLength))
        throw Error(ErrorCode::InvalidArgument,
                    "length must be between 1 and " + std::to_string(kMaxRandomStringLength));
    return static_cast<std::size_t>(*length);
}

std::string_view verifiable_hash_argument(std::optional<std::string_view> hash) {
    if (!hash) throw null_argument(ErrorCode::InvalidArgument, "hash");
    switch (classify_hash(*hash)) {
        case HashFormat::Scrypt:
        case HashFormat::LegacyScrypt: return *hash;
        case HashFormat::Bcrypt: throw Error(ErrorCode::OutdatedPassword, "bcrypt hashes are not verified");
        case HashFormat::Malformed: break;
    }
    throw Error(ErrorCode::InvalidArgument, "hash is neither \"s2:<salt>:<128 hex>\" nor \"<salt>:<128 hex>\"");
}

void check_session_cookie_arguments(std::optional<std::string_view> session_id, bool has_idle_expires) {
    if (!session_id) return;
    if (!has_idle_expires) throw Error(ErrorCode::InvalidArgument, "idle_expires must not be null for a session");
    session_id_argument(session_id);
}

std::int64_t batch_size_argument(std::optional<std::int64_t> batch_size) {
    if (!batch_size) throw null_argument(ErrorCode::InvalidArgument, "batch_size");
    if (*batch_size < 1) throw Error(ErrorCode::InvalidArgument, "batch_size must be at least 1");
    return *batch_size;
}

std::optional<std::int64_t> max_batches_argument(std::optional<std::int64_t> max_batches) {
    if (max_batches && *max_batches < 1) throw Error(ErrorCode::InvalidArgument, "max_batches must be at least 1");
    return max_batches;
}

}  // namespace lucia
