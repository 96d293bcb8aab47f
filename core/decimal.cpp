#include "decimal.hpp"

namespace lucia {

// Two digits per division, written from the end of a scratch buffer and then copied once.
char* write_decimal(char* out, std::int64_t value) {
    std::uint64_t magnitude = static_cast<std::uint64_t>(value);
    if (value < 0) {
        *out++ = '-';
        magnitude = 0 - magnitude;  // exact for INT64_MIN too, in unsigned arithmetic
    }
    char digits[kMaxDecimalLength];
    char* const end = digits + sizeof(digits);
    char* start = end;
    while (magnitude >= 100) {
        start -= 2;
        write_two_digits(start, static_cast<unsigned>(magnitude % 100));
        magnitude /= 100;
    }
    if (magnitude >= 10) {
        start -= 2;
        write_two_digits(start, static_cast<unsigned>(magnitude));
    } else {
        *--start = static_cast<char>('0' + magnitude);
    }
    const std::size_t length = static_cast<std::size_t>(end - start);
    std::memcpy(out, start, length);
    return out + length;
}

}  // namespace lucia
