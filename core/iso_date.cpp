#include "iso_date.hpp"

#include "errors.hpp"


namespace lucia {

namespace {

constexpr std::int64_t kMaxJsDateMs = 8'640'000'000'000'000;
constexpr std::int64_t kMsPerDay = 86'400'000;

// Howard Hinnant's days-to-civil: proleptic Gregorian date of a day count since 1970-01-01.
void civil_from_days(std::int64_t days, std::int64_t* year, unsigned* month, unsigned* day) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = static_cast<std::int64_t>(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

// `value` (non-negative) in decimal, zero-padded to at least `width` digits; returns the end.
char* write_digits(char* out, std::int64_t value, int width) {
    char digits[20];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0);
    for (int pad = count; pad < width; ++pad) *out++ = '0';
    while (count > 0) *out++ = digits[--count];
    return out;
}

// `value` (0..99) as two digits; returns the end. Why not write_digits: this runs five times per
// date, twice per session result.
char* write_two_digits(char* out, unsigned value) {
    out[0] = static_cast<char>('0' + value / 10);
    out[1] = static_cast<char>('0' + value % 10);
    return out + 2;
}

}  // namespace

std::size_t write_iso_date(std::int64_t epoch_ms, char* out) {
    if (epoch_ms > kMaxJsDateMs || epoch_ms < -kMaxJsDateMs) return 0;
    std::int64_t days = epoch_ms / kMsPerDay;
    std::int64_t ms_of_day = epoch_ms % kMsPerDay;
    if (ms_of_day < 0) {
        ms_of_day += kMsPerDay;
        days -= 1;
    }
    std::int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    char* end = out;
    if (year >= 0 && year <= 9999) {
        end = write_digits(end, year, 4);
    } else {
        *end++ = year < 0 ? '-' : '+';
        end = write_digits(end, year < 0 ? -year : year, 6);
    }
    *end++ = '-';
    end = write_two_digits(end, month);
    *end++ = '-';
    end = write_two_digits(end, day);
    *end++ = 'T';
    const unsigned ms = static_cast<unsigned>(ms_of_day);
    end = write_two_digits(end, ms / 3'600'000);
    *end++ = ':';
    end = write_two_digits(end, ms / 60'000 % 60);
    *end++ = ':';
    end = write_two_digits(end, ms / 1000 % 60);
    *end++ = '.';
    end = write_digits(end, ms % 1000, 3);
    *end++ = 'Z';
    *end = '\0';
    return static_cast<std::size_t>(end - out);
}

std::string format_iso_date(std::int64_t epoch_ms) {
    char text[kIsoDateBufferSize];
    std::size_t length = write_iso_date(epoch_ms, text);
    if (length == 0) throw Error(ErrorCode::InvalidArgument, "date is outside javascript's date range");
    return std::string(text, length);
}

}  // namespace lucia
