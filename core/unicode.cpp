#include "unicode.hpp"

#include "errors.hpp"

#include <openssl/crypto.h>
#include <utf8proc.h>

#include <vector>

namespace lucia {

namespace {

// Continuation bytes are checked against a range so that overlongs and surrogates fail early.
bool in_range(unsigned char byte, unsigned char low, unsigned char high) {
    return byte >= low && byte <= high;
}

// utf8proc's working buffer (UTF-32, then re-encoded in place), wiped before it is freed:
// utf8proc_map would shrink it with realloc, which frees the tail of a password unwiped.
struct WipedCodePoints {
    std::vector<utf8proc_int32_t> code_points;
    ~WipedCodePoints() {
        if (!code_points.empty()) OPENSSL_cleanse(code_points.data(), code_points.size() * sizeof(utf8proc_int32_t));
    }
};

}  // namespace

// Length of the well-formed sequence starting at text[i] (Unicode table 3-7), or 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
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
        return in_range(at(i + 1), low, high) && in_range(at(i + 2), 0x80, 0xBF) && in_range(at(i + 3), 0x80, 0xBF) ? 4
                                                                                                                    : 0;
    }
    return 0;  // C0, C1, F5..FF and stray continuation bytes never start a sequence
}

// Written by hand so that the accepted set is exactly what JavaScript's TextEncoder could produce.
bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t n = utf8_sequence_length(text, i);
        if (n == 0) {
            return false;
        }
        i += n;
    }
    return true;
}

// Explicit length (no UTF8PROC_NULLTERM) so that an embedded U+0000 does not cut the text short.
// utf8proc_map's steps (decompose, then normalise and re-encode in place) in a buffer of ours.
SecretString nfkc_secret(std::string_view text) {
    if (!is_valid_utf8(text)) {
        throw Error(ErrorCode::InvalidArgument, "text is not valid utf-8");
    }
    SecretString normalized;
    if (text.empty()) {
        return normalized;
    }
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
    const auto length = static_cast<utf8proc_ssize_t>(text.size());
    const auto options = static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    const utf8proc_ssize_t needed = utf8proc_decompose(bytes, length, nullptr, 0, options);
    if (needed < 0) {
        throw Error(ErrorCode::UnknownError, messages::kNormalisationFailed);
    }
    WipedCodePoints buffer;
    buffer.code_points.resize(static_cast<std::size_t>(needed) + 1);  // + room for reencode's NUL
    const utf8proc_ssize_t decomposed = utf8proc_decompose(bytes, length, buffer.code_points.data(), needed, options);
    const utf8proc_ssize_t encoded =
        decomposed == needed ? utf8proc_reencode(buffer.code_points.data(), decomposed, options) : -1;
    if (encoded < 0) {
        throw Error(ErrorCode::UnknownError, messages::kNormalisationFailed);
    }
    normalized.assign(reinterpret_cast<const char*>(buffer.code_points.data()), static_cast<std::size_t>(encoded));
    return normalized;
}

// The same for text that is no secret, as a plain string.
std::string nfkc(std::string_view text) {
    return std::string(nfkc_secret(text).view());
}

std::string ascii_lower(std::string_view text) {
    std::string lowered(text);
    for (char& c : lowered) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lowered;
}

}  // namespace lucia
