// Fuzzes UTF-8 validation and NFKC (core/unicode). Properties: is_valid_utf8 agrees with
// utf8proc's decoder (an independent implementation); NFKC output is valid UTF-8 and a fixed point
// (NFKC is idempotent); invalid input is refused; ascii_lower changes A-Z only.
#include "fuzz_check.hpp"

#include "core/errors.hpp"
#include "core/unicode.hpp"

#include <utf8proc.h>

#include <cstdint>

namespace {

// utf8proc_iterate rejects overlongs, surrogates and code points above U+10FFFF.
bool utf8proc_valid(std::string_view text) {
    const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    utf8proc_ssize_t remaining = static_cast<utf8proc_ssize_t>(text.size());
    while (remaining > 0) {
        utf8proc_int32_t code_point = 0;
        const utf8proc_ssize_t n = utf8proc_iterate(p, remaining, &code_point);
        if (n <= 0 || code_point < 0) return false;
        p += n;
        remaining -= n;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const bool valid = lucia::is_valid_utf8(text);
    FUZZ_REQUIRE(valid == utf8proc_valid(text), "is_valid_utf8 disagrees with utf8proc");
    try {
        const std::string normalized = lucia::nfkc(text);
        FUZZ_REQUIRE(valid, "nfkc accepted invalid utf-8");
        FUZZ_REQUIRE(lucia::is_valid_utf8(normalized), "nfkc wrote invalid utf-8");
        FUZZ_REQUIRE(lucia::nfkc(normalized) == normalized, "nfkc is not idempotent");
        FUZZ_REQUIRE(text.empty() == normalized.empty(), "nfkc emptied or filled a string");
    } catch (const lucia::Error& e) {
        FUZZ_REQUIRE(!valid && e.code() == lucia::ErrorCode::InvalidArgument, "nfkc refused valid utf-8");
    }
    const std::string lowered = lucia::ascii_lower(text);
    FUZZ_REQUIRE(lowered.size() == text.size(), "ascii_lower length");
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        FUZZ_REQUIRE(lowered[i] == (c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c), "ascii_lower byte");
    }
    return 0;
}
