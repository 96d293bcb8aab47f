// Fuzzes setting values spelled as PostgreSQL spells them (core/setting_values). Properties: a
// value holding a NUL, or anything after the number and its unit, is refused; what is accepted is
// in range and survives format/parse (round trip); booleans and enums accept only their words.
#include "fuzz_check.hpp"

#include "core/errors.hpp"
#include "core/setting_values.hpp"

#include <cstdint>
#include <vector>

namespace {

// Blanks (and the whitespace strtod skips before a number) around the value.
std::string_view trim(std::string_view text) {
    const std::string_view blanks = " \t\n\v\f\r";
    const std::size_t first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) return std::string_view();
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

// An independent reading of "what an accepted duration ends with": one of the unit words or a
// digit/'.' of the number, never a stray letter or symbol.
bool plausible_duration(std::string_view text) {
    const std::string_view t = trim(text);
    if (t.empty()) return false;
    for (std::string_view unit : {"ms", "min", "s", "h", "d"}) {
        if (t.size() > unit.size() && t.substr(t.size() - unit.size()) == unit) return true;
    }
    const char last = t.back();
    return (last >= '0' && last <= '9') || last == '.' || (last >= 'a' && last <= 'f') || (last >= 'A' && last <= 'F');
}

void check_duration(const std::string& text) {
    std::int64_t seconds = 0;
    try {
        seconds = lucia::parse_duration_seconds(text);
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(e.code() == lucia::ErrorCode::InvalidArgument, "duration error code");
        return;
    }
    FUZZ_REQUIRE(text.find('\0') == std::string::npos, "a duration with a NUL was accepted");
    FUZZ_REQUIRE(plausible_duration(text), "a duration with trailing garbage was accepted");
    FUZZ_REQUIRE(seconds >= 0 && seconds <= 2147483647, "duration out of range");
    const std::string shown = lucia::format_duration_seconds(seconds);
    FUZZ_REQUIRE(lucia::parse_duration_seconds(shown) == seconds, "SHOW's spelling does not parse back");
}

void check_bool(const std::string& text) {
    bool value = false;
    try {
        value = lucia::parse_setting_bool(text);
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(e.code() == lucia::ErrorCode::InvalidArgument, "bool error code");
        return;
    }
    FUZZ_REQUIRE(text.find('\0') == std::string::npos, "a boolean with a NUL was accepted");
    const std::string word = fuzz::lower(trim(text));
    bool prefix_of_true = false, prefix_of_false = false;
    for (std::string_view w : {"true", "yes", "on", "1"})
        prefix_of_true |= std::string_view(w).substr(0, word.size()) == word;
    for (std::string_view w : {"false", "no", "off", "0"})
        prefix_of_false |= std::string_view(w).substr(0, word.size()) == word;
    FUZZ_REQUIRE(!word.empty() && (value ? prefix_of_true : prefix_of_false),
                 "a boolean that is no prefix of its word");
}

void check_enum(const std::string& text) {
    static const std::vector<std::string> kChoices = {"dev", "prod", "lax", "strict"};
    try {
        const std::size_t index = lucia::parse_setting_enum(text, kChoices);
        FUZZ_REQUIRE(index < kChoices.size(), "enum index");
        FUZZ_REQUIRE(text.find('\0') == std::string::npos, "an enum with a NUL was accepted");
        FUZZ_REQUIRE(fuzz::lower(trim(text)) == kChoices[index], "enum accepted another word");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(e.code() == lucia::ErrorCode::InvalidArgument, "enum error code");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider input(data, size);
    const std::int64_t seconds = input.ConsumeIntegralInRange<std::int64_t>(0, 2147483647);
    FUZZ_REQUIRE(lucia::parse_duration_seconds(lucia::format_duration_seconds(seconds)) == seconds,
                 "format/parse round trip");
    const std::string text = input.ConsumeRemainingBytesAsString();
    check_duration(text);
    check_bool(text);
    check_enum(text);
    return 0;
}
