#include "random_id.hpp"

#include "errors.hpp"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <array>

namespace lucia {

namespace {

constexpr std::size_t kAlphabetSize = sizeof(kIdAlphabet) - 1;  // 62
static_assert(kAlphabetSize == 62, "Lucia's alphabet has 62 symbols");

// One refill worth of bytes: enough for most ids in one call, small enough to live on the stack.
constexpr std::size_t kRandomChunk = 256;

// Clears OpenSSL's error queue so a later TLS call in the same backend does not inherit our error.
[[noreturn]] void throw_rand_failure() {
    ERR_clear_error();
    throw Error(ErrorCode::UnknownError, "random number generator failed");
}

}  // namespace

// Masking to 6 bits and rejecting 62 and 63 keeps every symbol equally likely, as nanoid does.
std::string generate_random_string(std::size_t length) {
    if (length == 0 || length > kMaxRandomStringLength) {
        throw Error(ErrorCode::InvalidArgument, "random string length must be between 1 and 1024");
    }
    std::string result;
    result.reserve(length);
    std::array<unsigned char, kRandomChunk> buffer{};
    while (result.size() < length) {
        if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
            throw_rand_failure();
        }
        for (unsigned char byte : buffer) {
            const std::size_t index = byte & 63u;
            if (index >= kAlphabetSize) {
                continue;
            }
            result.push_back(kIdAlphabet[index]);
            if (result.size() == length) {
                break;
            }
        }
    }
    return result;
}

}  // namespace lucia
