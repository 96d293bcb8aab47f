#include "random_id.hpp"

#include "errors.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <mutex>

namespace lucia {

namespace {

constexpr std::size_t kAlphabetSize = sizeof(kIdAlphabet) - 1;  // 62
static_assert(kAlphabetSize == 62, "Lucia's alphabet has 62 symbols");

// One refill: about 24 session ids. RAND_bytes costs ~6,600 instructions a call whatever the
// size up to a few KiB (callgrind), so asking once per id cost a session insert 3% of its time.
constexpr std::size_t kRandomChunk = 1024;

// Bumped in every child of a fork, so that a child never serves bytes its parent also holds
// (a PostgreSQL backend is forked from the postmaster, which may have loaded us already).
std::atomic<unsigned> fork_generation{0};

void count_fork_in_child() {
    fork_generation.fetch_add(1, std::memory_order_relaxed);
}

// Unused random bytes of this thread; each byte is served once and wiped as it is served.
struct RandomBuffer {
    std::array<unsigned char, kRandomChunk> bytes{};
    std::size_t next = kRandomChunk;  // empty until the first refill
    unsigned generation = 0;
};

// Clears OpenSSL's error queue so a later TLS call in the same backend does not inherit our error.
[[noreturn]] void throw_rand_failure() {
    ERR_clear_error();
    throw Error(ErrorCode::UnknownError, "random number generator failed");
}

// Makes the buffer hold unserved bytes filled since the last fork: refills it from RAND_bytes
// when it is spent or the process has forked since it was filled.
void ensure_random_bytes(RandomBuffer &buffer) {
    static std::once_flag fork_handler;
    std::call_once(fork_handler, [] { pthread_atfork(nullptr, nullptr, count_fork_in_child); });
    const unsigned generation = fork_generation.load(std::memory_order_relaxed);
    if (buffer.next < buffer.bytes.size() && buffer.generation == generation) return;
    if (RAND_bytes(buffer.bytes.data(), static_cast<int>(buffer.bytes.size())) != 1) {
        OPENSSL_cleanse(buffer.bytes.data(), buffer.bytes.size());
        buffer.next = buffer.bytes.size();
        throw_rand_failure();
    }
    buffer.next = 0;
    buffer.generation = generation;
}

}  // namespace

// Masking to 6 bits and rejecting 62 and 63 keeps every symbol equally likely, as nanoid does.
std::string generate_random_string(std::size_t length) {
    if (length == 0 || length > kMaxRandomStringLength) {
        throw Error(ErrorCode::InvalidArgument, "random string length must be between 1 and 1024");
    }
    thread_local RandomBuffer buffer;
    std::string result;
    result.reserve(length);
    while (result.size() < length) {
        ensure_random_bytes(buffer);
        while (buffer.next < buffer.bytes.size() && result.size() < length) {
            const std::size_t index = buffer.bytes[buffer.next] & 63u;
            buffer.bytes[buffer.next++] = 0;  // served once, then wiped
            if (index < kAlphabetSize) {
                result.push_back(kIdAlphabet[index]);
            }
        }
    }
    return result;
}

}  // namespace lucia
