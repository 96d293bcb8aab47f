// What every harness shares: a property check that stops the fuzzer with a message (libFuzzer
// then saves the input as crash-*), and small readers over the fuzzer's bytes.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

// A broken property is a bug like a crash: abort so that libFuzzer keeps the input.
#define FUZZ_REQUIRE(condition, what)                                                                          \
    do {                                                                                                       \
        if (!(condition)) {                                                                                    \
            std::fprintf(stderr, "property failed at %s:%d: %s (%s)\n", __FILE__, __LINE__, what, #condition); \
            std::abort();                                                                                      \
        }                                                                                                      \
    } while (0)

namespace fuzz {

// True when no byte is a C0 control other than TAB, nor DEL: what may appear in a header line.
inline bool has_no_control_bytes(std::string_view text) {
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
    }
    return true;
}

// Lower-case ASCII, independently of core's ascii_lower.
inline std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
}

}  // namespace fuzz
