// Timestamps in JSON results, as JavaScript's Date.prototype.toISOString prints them.
#pragma once
#include "no_database_headers.hpp"

#include <cstdint>
#include <string>

namespace lucia {

// "2026-11-23T03:24:56.225Z"; years outside 0..9999 as "+012345"/"-000001", like JavaScript.
// Throws Error(InvalidArgument) outside JavaScript's Date range (+-8.64e15 ms).
std::string format_iso_date(std::int64_t epoch_ms);

}  // namespace lucia
