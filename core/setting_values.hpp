// Setting values spelled as PostgreSQL spells them, so that SQLite's lucia_set_config accepts and
// shows exactly what PostgreSQL's SET and SHOW do for the lucia.* settings.
#pragma once
#include "no_database_headers.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lucia {

inline constexpr std::int64_t kMaxDurationSeconds = 2147483647;  // PostgreSQL's INT_MAX

// A duration in whole seconds from "3600", "90min", "1h", "14d", "1500ms" (units us, ms, s, min, h,
// d), read exactly as PostgreSQL reads a GUC_UNIT_S setting, within minimum..maximum seconds.
// Throws Error(InvalidArgument) otherwise.
std::int64_t parse_duration_seconds(std::string_view text, std::int64_t minimum = 0,
                                    std::int64_t maximum = kMaxDurationSeconds);

// Seconds as PostgreSQL's SHOW prints a GUC_UNIT_S value: the largest unit that divides it exactly
// ("1d", "90min", "1h", "45s"; 0 is "0").
std::string format_duration_seconds(std::int64_t seconds);

// on/off, true/false, yes/no, 1/0 and their unique prefixes, as PostgreSQL's boolean settings
// (no blanks around them: PostgreSQL refuses " on").
// Throws Error(InvalidArgument) otherwise.
bool parse_setting_bool(std::string_view text);

// One of `choices`, compared case-insensitively and without trimming blanks, as PostgreSQL
// compares an enum setting's value; returns its index.
// Throws Error(InvalidArgument) naming the choices otherwise.
std::size_t parse_setting_enum(std::string_view text, const std::vector<std::string>& choices);

}  // namespace lucia
