#include "setting_values.hpp"

#include "errors.hpp"
#include "unicode.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <system_error>

namespace lucia {

namespace {

// C's isspace in the "C" locale: the blanks PostgreSQL's parse_int skips around a number and a unit.
bool is_c_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// One row of PostgreSQL's time_unit_conversion_table for GUC_UNIT_S, largest unit first.
struct TimeUnit {
    std::string_view name;
    double seconds;
};
constexpr TimeUnit kTimeUnits[] = {
    {"d", 60 * 60 * 24}, {"h", 60 * 60}, {"min", 60}, {"s", 1}, {"ms", 1.0 / 1000}, {"us", 1.0 / (1000 * 1000)}};

// Not a number PostgreSQL reads (no digits, NaN, out of double's range).
[[noreturn]] void not_a_duration() {
    throw Error(ErrorCode::InvalidArgument, "duration must be a number with an optional unit (ms, s, min, h, d)");
}

// A unit PostgreSQL does not know for a GUC_UNIT_S setting, or something after it. (The message
// names the units people write; "us", which PostgreSQL also reads, is accepted as well.)
[[noreturn]] void not_a_unit() {
    throw Error(ErrorCode::InvalidArgument, "valid duration units are ms, s, min, h and d");
}

// `number` in `unit` as seconds, as PostgreSQL's convert_to_base_unit gives it: a fraction is
// first rounded to a whole number of the next smaller unit ("1.51h" is 91min, not 5436 s).
double in_seconds(double number, std::string_view unit) {
    for (std::size_t i = 0; i < std::size(kTimeUnits); ++i) {
        if (unit != kTimeUnits[i].name) continue;
        double seconds = number * kTimeUnits[i].seconds;
        if (i + 1 < std::size(kTimeUnits))
            seconds = std::rint(seconds / kTimeUnits[i + 1].seconds) * kTimeUnits[i + 1].seconds;
        return seconds;
    }
    not_a_unit();
}

// strtod as the "C" locale reads a number (PostgreSQL's server runs with LC_NUMERIC=C), whatever
// locale the host process set: under a German LC_NUMERIC, strtod reads "1.5h" as 1 and ".5h".
// C blanks, a sign, then decimal or "0x" hexadecimal digits; `*end` is where it stopped (`start`
// when there is no number); `*out_of_range` is strtod's ERANGE.
double c_locale_strtod(const char* start, const char** end, bool* out_of_range) {
    const char* at = start;
    while (is_c_space(*at)) ++at;
    const bool negative = *at == '-';
    if (*at == '+' || *at == '-') ++at;
    const bool hex = at[0] == '0' && (at[1] == 'x' || at[1] == 'X');
    const char* digits = hex ? at + 2 : at;
    double value = 0;
    const std::from_chars_result read = std::from_chars(digits, digits + std::strlen(digits), value,
                                                        hex ? std::chars_format::hex : std::chars_format::general);
    *out_of_range = read.ec == std::errc::result_out_of_range;
    if (read.ec == std::errc::invalid_argument) {
        *end = hex ? at + 1 : start;  // strtod reads "0x" without a digit as the 0
        return 0;
    }
    *end = read.ptr;
    return negative ? -value : value;
}

}  // namespace

// PostgreSQL's parse_int for a GUC_UNIT_S setting, step by step: strtol with base 0 (so "010" is
// octal 8 and "0x10" is 16), strtod (in the "C" locale) only when strtol stopped at '.', 'e' or
// 'E' or overflowed, then blanks, then a unit and blanks.
std::int64_t parse_duration_seconds(std::string_view text, std::int64_t minimum, std::int64_t maximum) {
    // strtol stops at a NUL, so one would hide whatever follows it ("1\0x" read as "1").
    if (text.find('\0') != std::string_view::npos)
        throw Error(ErrorCode::InvalidArgument, "duration must not contain a NUL character");
    const std::string value(text);
    const char* start = value.c_str();
    char* end = nullptr;
    errno = 0;
    double number = static_cast<double>(std::strtol(start, &end, 0));
    const char* rest = end;
    bool out_of_range = errno == ERANGE;
    if (*end == '.' || *end == 'e' || *end == 'E' || out_of_range)
        number = c_locale_strtod(start, &rest, &out_of_range);
    if (rest == start || out_of_range || std::isnan(number)) not_a_duration();
    while (is_c_space(*rest)) ++rest;
    if (*rest != '\0') {
        const char* unit_end = rest;
        while (*unit_end != '\0' && !is_c_space(*unit_end)) ++unit_end;
        const std::string_view unit(rest, static_cast<std::size_t>(unit_end - rest));
        while (is_c_space(*unit_end)) ++unit_end;
        if (*unit_end != '\0') not_a_unit();
        number = in_seconds(number, unit);
    }
    const double seconds = std::rint(number);
    if (!(seconds >= static_cast<double>(minimum) && seconds <= static_cast<double>(maximum)))
        throw Error(ErrorCode::InvalidArgument, "duration must be between " + std::to_string(minimum) + " and " +
                                                    std::to_string(maximum) + " seconds");
    return static_cast<std::int64_t>(seconds);
}

std::string format_duration_seconds(std::int64_t seconds) {
    if (seconds == 0) return "0";
    if (seconds % 86400 == 0) return std::to_string(seconds / 86400) + "d";
    if (seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
    if (seconds % 60 == 0) return std::to_string(seconds / 60) + "min";
    return std::to_string(seconds) + "s";
}

bool parse_setting_bool(std::string_view text) {
    const std::string value = ascii_lower(text);
    auto is_prefix_of = [&](std::string_view word, std::size_t minimum) {
        return value.size() >= minimum && value.size() <= word.size() && word.substr(0, value.size()) == value;
    };
    if (is_prefix_of("true", 1) || is_prefix_of("yes", 1) || is_prefix_of("on", 2) || value == "1") return true;
    if (is_prefix_of("false", 1) || is_prefix_of("no", 1) || is_prefix_of("off", 2) || value == "0") return false;
    throw Error(ErrorCode::InvalidArgument, "boolean setting must be on or off");
}

std::size_t parse_setting_enum(std::string_view text, const std::vector<std::string>& choices) {
    const std::string value = ascii_lower(text);
    std::string names;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (value == choices[i]) return i;
        names += (i == 0 ? "" : ", ") + choices[i];
    }
    throw Error(ErrorCode::InvalidArgument, "setting must be one of: " + names);
}

}  // namespace lucia
