// Decimal digits written straight into a buffer: no snprintf, no locale, no allocation. Why: a
// session result writes two dates and two integers on every validation.
#pragma once
#include "no_database_headers.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace lucia {

// "00" "01" ... "99": two digits copied in one step.
struct DigitPairs {
    char text[200] = {};
    constexpr DigitPairs() {
        for (int i = 0; i < 100; ++i) {
            text[2 * i] = static_cast<char>('0' + i / 10);
            text[2 * i + 1] = static_cast<char>('0' + i % 10);
        }
    }
};
inline constexpr DigitPairs kDigitPairs;

// `value` (0..99) as two digits; returns the end.
inline char* write_two_digits(char* out, unsigned value) {
    std::memcpy(out, kDigitPairs.text + 2 * value, 2);
    return out + 2;
}

// The longest write_decimal output: "-9223372036854775808".
constexpr std::size_t kMaxDecimalLength = 20;

// `value` in decimal as JavaScript and PostgreSQL print an integer ("-12", "0"); returns the end.
char* write_decimal(char* out, std::int64_t value);

}  // namespace lucia
