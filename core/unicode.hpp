// UTF-8 validation and NFKC normalisation (utf8proc), for passwords and ids from SQL.
#pragma once
#include "no_database_headers.hpp"
#include "secret_string.hpp"

#include <string>
#include <string_view>

namespace lucia {

// Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text) noexcept;

// The length (1 to 4) of the strict UTF-8 sequence that starts at text[i], or 0 if none does.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

// NFKC form of valid UTF-8 text, as JavaScript's String.prototype.normalize("NFKC").
// Throws Error(InvalidArgument) if the text is not valid UTF-8.
std::string nfkc(std::string_view text);

// The same for a password: the result and every working buffer are wiped after use.
SecretString nfkc_secret(std::string_view text);

// Lower-cases A-Z only. Why not locale tolower: HTTP tokens (methods, schemes, hosts, SameSite)
// are ASCII and must fold the same way whatever the process locale is.
std::string ascii_lower(std::string_view text);

}  // namespace lucia
