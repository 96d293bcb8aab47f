// Passwords and their NFKC forms in memory: held on the heap and wiped when no longer needed.
#pragma once
#include "no_database_headers.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace lucia {

// A string whose bytes are wiped with OPENSSL_cleanse (which the compiler cannot optimise away)
// when it is destroyed or replaced. Its buffer is always on the heap, never in std::string's
// inline buffer, so that moving it hands over a pointer instead of copying the secret.
// Why a class and not cleanse calls: it also wipes on the paths that throw.
class SecretString {
public:
    SecretString();
    explicit SecretString(std::string_view text);
    // Takes over `owned`'s buffer (wiping `owned` if it was too short to have one).
    explicit SecretString(std::string&& owned);
    SecretString(SecretString&& other) noexcept;
    SecretString& operator=(SecretString&& other) noexcept;
    SecretString(const SecretString&) = delete;
    SecretString& operator=(const SecretString&) = delete;
    ~SecretString();

    std::string_view view() const noexcept {
        return value_;
    }
    std::size_t size() const noexcept {
        return value_.size();
    }

    // Replaces the contents with `size` bytes at `data`; the old buffer is wiped before it is freed.
    void assign(const char* data, std::size_t size);

private:
    std::string value_;
};

// Wipes every byte `text` owns (its whole capacity), then empties it.
void wipe(std::string& text) noexcept;

}  // namespace lucia
