#include "setting_values.hpp"

#include "errors.hpp"
#include "unicode.hpp"

#include <cmath>
#include <cstdlib>

namespace lucia {

namespace {

// Surrounding blanks are ignored, as PostgreSQL's parse_int does.
std::string_view trim_blanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// Seconds in one of PostgreSQL's time units, or a negative number for an unknown unit.
double unit_seconds(std::string_view unit) {
    if (unit.empty() || unit == "s") return 1;
    if (unit == "ms") return 0.001;
    if (unit == "min") return 60;
    if (unit == "h") return 3600;
    if (unit == "d") return 86400;
    return -1;
}

}  // namespace

std::int64_t parse_duration_seconds(std::string_view text, std::int64_t minimum, std::int64_t maximum) {
    // strtod stops at a NUL, so one would hide whatever follows it ("1\0x" read as "1").
    if (text.find('\0') != std::string_view::npos)
        throw Error(ErrorCode::InvalidArgument, "duration must not contain a NUL character");
    std::string value(trim_blanks(text));
    const char* start = value.c_str();
    char* end = nullptr;
    double number = std::strtod(start, &end);
    if (end == start || !std::isfinite(number))
        throw Error(ErrorCode::InvalidArgument, "duration must be a number with an optional unit (ms, s, min, h, d)");
    // The unit is the rest of the value by its length, never by where a NUL would stop a C string.
    const std::string_view rest = std::string_view(value).substr(static_cast<std::size_t>(end - start));
    double factor = unit_seconds(trim_blanks(rest));
    if (factor < 0) throw Error(ErrorCode::InvalidArgument, "valid duration units are ms, s, min, h and d");
    double seconds = std::rint(number * factor);
    if (seconds < static_cast<double>(minimum) || seconds > static_cast<double>(maximum))
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
    const std::string value = ascii_lower(trim_blanks(text));
    auto is_prefix_of = [&](std::string_view word, std::size_t minimum) {
        return value.size() >= minimum && value.size() <= word.size() && word.substr(0, value.size()) == value;
    };
    if (is_prefix_of("true", 1) || is_prefix_of("yes", 1) || is_prefix_of("on", 2) || value == "1") return true;
    if (is_prefix_of("false", 1) || is_prefix_of("no", 1) || is_prefix_of("off", 2) || value == "0") return false;
    throw Error(ErrorCode::InvalidArgument, "boolean setting must be on or off");
}

std::size_t parse_setting_enum(std::string_view text, const std::vector<std::string>& choices) {
    const std::string value = ascii_lower(trim_blanks(text));
    std::string names;
    for (std::size_t i = 0; i < choices.size(); ++i) {
        if (value == choices[i]) return i;
        names += (i == 0 ? "" : ", ") + choices[i];
    }
    throw Error(ErrorCode::InvalidArgument, "setting must be one of: " + names);
}

}  // namespace lucia
