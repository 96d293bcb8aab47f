// Random ids over Lucia's 62-symbol alphabet (spec section 2).
#pragma once
#include "no_database_headers.hpp"

#include <cstddef>
#include <string>

namespace lucia {

// nanoid's order, digits 1..9 then 0, exactly as lucia-auth's generateRandomString.
inline constexpr char kIdAlphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890";
inline constexpr std::size_t kUserIdLength = 15;
inline constexpr std::size_t kSessionIdLength = 40;
inline constexpr std::size_t kSaltLength = 16;
inline constexpr std::size_t kMaxRandomStringLength = 1024;

// Uniform string over kIdAlphabet from OpenSSL RAND_bytes with rejection sampling (b & 63 < 62);
// bytes come from a per-thread buffer refilled 1 KiB at a time and discarded in a forked child.
// Throws Error(InvalidArgument) for length 0 or > kMaxRandomStringLength, UnknownError if RAND fails.
std::string generate_random_string(std::size_t length);

}  // namespace lucia
