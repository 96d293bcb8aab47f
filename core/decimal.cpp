#include "decimal.hpp"

namespace lucia {

namespace {

// 10^0 .. 10^19, every power of ten an unsigned 64-bit integer holds.
constexpr struct PowersOfTen {
    std::uint64_t of[20] = {};
    constexpr PowersOfTen() {
        std::uint64_t power = 1;
        for (int i = 0; i < 20; ++i, power *= 10) of[i] = power;
    }
} kPowersOfTen;

// How many decimal digits `value` has (1 for 0), from its bit length ("Bit Twiddling Hacks":
// log10(2) is about 1233 / 4096), without a loop.
unsigned digit_count(std::uint64_t value) {
    value |= 1;  // 0 has one digit, as 1 has; no power of ten above 1 is odd, so no count changes
    const unsigned bits = 64 - static_cast<unsigned>(__builtin_clzll(value));
    const unsigned guess = (bits * 1233) >> 12;  // floor(log10(value)) or one more
    return guess + (value < kPowersOfTen.of[guess] ? 0 : 1);
}

// `value` (below 10^8) as exactly eight digits ending at `end`, in 32-bit arithmetic.
void write_eight_digits(char* end, std::uint32_t value) {
    for (int pair = 0; pair < 4; ++pair) {
        end -= 2;
        write_two_digits(end, value % 100);
        value /= 100;
    }
}

}  // namespace

// Two digits per division, from the last digit back, straight into `out`; eight at a time in
// 32-bit arithmetic, which costs half as much as 64-bit.
char* write_decimal(char* out, std::int64_t value) {
    std::uint64_t magnitude = static_cast<std::uint64_t>(value);
    if (value < 0) {
        *out++ = '-';
        magnitude = 0 - magnitude;  // exact for INT64_MIN too, in unsigned arithmetic
    }
    char* const end = out + digit_count(magnitude);
    char* at = end;
    while (magnitude >= 100'000'000) {
        const std::uint64_t high = magnitude / 100'000'000;
        write_eight_digits(at, static_cast<std::uint32_t>(magnitude - high * 100'000'000));
        at -= 8;
        magnitude = high;
    }
    auto low = static_cast<std::uint32_t>(magnitude);
    while (low >= 100) {
        at -= 2;
        write_two_digits(at, low % 100);
        low /= 100;
    }
    if (low >= 10)
        write_two_digits(at - 2, low);
    else
        at[-1] = static_cast<char>('0' + low);
    return end;
}

}  // namespace lucia
