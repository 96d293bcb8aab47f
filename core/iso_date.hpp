// Timestamps in JSON results, as JavaScript's Date.prototype.toISOString prints them.
#pragma once
#include "no_database_headers.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace lucia {

// "2026-11-23T03:24:56.225Z"; years outside 0..9999 as "+012345"/"-000001", like JavaScript.
// Throws Error(InvalidArgument) outside JavaScript's Date range (+-8.64e15 ms).
std::string format_iso_date(std::int64_t epoch_ms);

// The longest date format_iso_date writes ("+275760-09-13T00:00:00.000Z") and a terminating NUL.
constexpr std::size_t kIsoDateBufferSize = 32;

// The same into `out` (kIsoDateBufferSize bytes), without allocating; returns the length, or 0
// outside JavaScript's Date range. Why: results build two dates per session on the hot path.
std::size_t write_iso_date(std::int64_t epoch_ms, char* out);

}  // namespace lucia
