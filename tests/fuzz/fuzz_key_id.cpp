// Fuzzes key ids and custom user ids (core/key_id). Properties: format_key_id accepts exactly the
// parts Lucia could store and split back unchanged (round trip), without NUL (PostgreSQL's text
// cannot hold it); custom user ids are 1..255 bytes of valid UTF-8 without NUL; split_key_id always gives views into
// its argument.
#include "fuzz_check.hpp"

#include "core/errors.hpp"
#include "core/key_id.hpp"
#include "core/unicode.hpp"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const std::string provider = input.ConsumeRandomLengthString(300);
    const std::string provider_user = input.ConsumeRemainingBytesAsString();
    const bool ok = !provider.empty() && !provider_user.empty() && lucia::is_valid_utf8(provider) &&
                    lucia::is_valid_utf8(provider_user) && provider.find(':') == std::string::npos &&
                    provider.find('\0') == std::string::npos && provider_user.find('\0') == std::string::npos &&
                    provider.size() + 1 + provider_user.size() <= lucia::kMaxKeyIdBytes;
    try {
        const std::string key_id = lucia::format_key_id(provider, provider_user);
        FUZZ_REQUIRE(ok, "format_key_id accepted bad parts");
        FUZZ_REQUIRE(key_id.size() <= lucia::kMaxKeyIdBytes && lucia::is_valid_utf8(key_id), "key id bounds");
        const lucia::KeyIdParts parts = lucia::split_key_id(key_id);
        FUZZ_REQUIRE(parts.provider_id == provider && parts.provider_user_id == provider_user, "key id round trip");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!ok && e.code() == lucia::ErrorCode::InvalidArgument, "format_key_id refused good parts");
    }
    // Any stored id splits into views of itself that join back to it.
    const std::string stored = provider + provider_user;
    const lucia::KeyIdParts parts = lucia::split_key_id(stored);
    FUZZ_REQUIRE(parts.provider_id.data() == stored.data(), "provider id is not a view of the id");
    FUZZ_REQUIRE(parts.provider_id.find(':') == std::string_view::npos, "provider id holds ':'");
    if (stored.find(':') != std::string::npos)
        FUZZ_REQUIRE(std::string(parts.provider_id) + ":" + std::string(parts.provider_user_id) == stored,
                     "split/join");
    else
        FUZZ_REQUIRE(parts.provider_id == stored && parts.provider_user_id.empty(), "split without ':'");
    const bool user_ok = !provider_user.empty() && provider_user.size() <= lucia::kMaxUserIdBytes &&
                         lucia::is_valid_utf8(provider_user) && provider_user.find('\0') == std::string::npos;
    try {
        lucia::check_custom_user_id(provider_user);
        FUZZ_REQUIRE(user_ok, "check_custom_user_id accepted a bad id");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!user_ok && e.code() == lucia::ErrorCode::InvalidArgument,
                     "check_custom_user_id refused a good id");
    }
    return 0;
}
