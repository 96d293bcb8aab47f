#include "unicode.hpp"

#include "errors.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace lucia {

namespace {

// Continuation bytes are checked against a range so that overlongs and surrogates fail early.
bool in_range(unsigned char byte, unsigned char low, unsigned char high) {
    return byte >= low && byte <= high;
}

// Length of the well-formed sequence starting at text[i] (Unicode table 3-7), or 0 if there is none.
std::size_t sequence_length(std::string_view text, std::size_t i) {
    const auto at = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const std::size_t remaining = text.size() - i;
    const unsigned char lead = at(i);
    if (lead <= 0x7F) {
        return 1;
    }
    if (in_range(lead, 0xC2, 0xDF)) {
        return remaining >= 2 && in_range(at(i + 1), 0x80, 0xBF) ? 2 : 0;
    }
    if (in_range(lead, 0xE0, 0xEF)) {
        if (remaining < 3) {
            return 0;
        }
        const unsigned char low = lead == 0xE0 ? 0xA0 : 0x80;   // E0: no overlongs
        const unsigned char high = lead == 0xED ? 0x9F : 0xBF;  // ED: no surrogates
        return in_range(at(i + 1), low, high) && in_range(at(i + 2), 0x80, 0xBF) ? 3 : 0;
    }
    if (in_range(lead, 0xF0, 0xF4)) {
        if (remaining < 4) {
            return 0;
        }
        const unsigned char low = lead == 0xF0 ? 0x90 : 0x80;   // F0: no overlongs
        const unsigned char high = lead == 0xF4 ? 0x8F : 0xBF;  // F4: nothing above U+10FFFF
        return in_range(at(i + 1), low, high) && in_range(at(i + 2), 0x80, 0xBF) &&
                       in_range(at(i + 3), 0x80, 0xBF)
                   ? 4
                   : 0;
    }
    return 0;  // C0, C1, F5..FF and stray continuation bytes never start a sequence
}

// utf8proc allocates with malloc, so its buffer must go back through free().
struct FreeDeleter {
    void operator()(utf8proc_uint8_t* p) const noexcept { std::free(p); }
};

}  // namespace

// Written by hand so that the accepted set is exactly what JavaScript's TextEncoder could produce.
bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t n = sequence_length(text, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

// Explicit length (no UTF8PROC_NULLTERM) so that an embedded U+0000 does not cut the text short.
std::string nfkc(std::string_view text) {
    if (!is_valid_utf8(text)) {
        throw Error(ErrorCode::InvalidArgument, "text is not valid utf-8");
    }
    if (text.empty()) {
        return std::string();
    }
    utf8proc_uint8_t* raw = nullptr;
    const auto options =
        static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    const utf8proc_ssize_t length =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                     static_cast<utf8proc_ssize_t>(text.size()), &raw, options);
    std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(raw);
    if (length < 0) {
        throw Error(ErrorCode::UnknownError, "unicode normalisation failed");
    }
    return std::string(reinterpret_cast<const char*>(owned.get()), static_cast<std::size_t>(length));
}

std::string ascii_lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lowered;
}

}  // namespace lucia
