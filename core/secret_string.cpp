#include "secret_string.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <utility>

namespace lucia {

namespace {

// Above libstdc++'s and libc++'s inline capacity (15 and 22 bytes), so the buffer is on the heap.
constexpr std::size_t kHeapCapacity = 32;

// An empty string that already owns a heap buffer of at least `size` bytes.
std::string heap_string(std::size_t size) {
    std::string text;
    text.reserve(std::max(size, kHeapCapacity));
    return text;
}

}  // namespace

// capacity(), not size(): bytes past the end may hold an earlier, longer secret.
void wipe(std::string& text) noexcept {
    if (text.capacity() > 0) OPENSSL_cleanse(text.data(), text.capacity());
    text.clear();
}

SecretString::SecretString() : value_(heap_string(0)) {}

SecretString::SecretString(std::string_view text) : value_(heap_string(text.size())) {
    value_.assign(text.data(), text.size());
}

// A short string lives in its own inline buffer: copy it to the heap and wipe the original.
SecretString::SecretString(std::string&& owned) {
    if (owned.capacity() >= kHeapCapacity) {
        value_ = std::move(owned);
    } else {
        value_ = heap_string(owned.size());
        value_.assign(owned);
    }
    wipe(owned);
}

SecretString::SecretString(SecretString&& other) noexcept : value_(std::move(other.value_)) {}

// Our old bytes are wiped first: std::string's move assignment may hand our buffer to `other`.
SecretString& SecretString::operator=(SecretString&& other) noexcept {
    if (this != &other) {
        wipe(value_);
        value_ = std::move(other.value_);
    }
    return *this;
}

SecretString::~SecretString() {
    wipe(value_);
}

// A new buffer when the old one is too small, so that no reallocation copies the secret unwiped.
void SecretString::assign(const char* data, std::size_t size) {
    if (size > value_.capacity() || value_.capacity() < kHeapCapacity) {
        std::string bigger = heap_string(size);
        wipe(value_);
        value_.swap(bigger);  // `bigger` now holds the old, wiped buffer and frees it
    }
    value_.assign(data, size);
}

}  // namespace lucia
