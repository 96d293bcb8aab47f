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

// `value` (non-negative) in decimal, zero-padded to at least `width` digits.
void append_digits(std::string& text, std::int64_t value, int width) {
    char digits[20];
    int count = 0;
    do {
        digits[count++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value > 0);
    for (int pad = count; pad < width; ++pad) text += '0';
    while (count > 0) text += digits[--count];
}

}  // namespace

std::string format_iso_date(std::int64_t epoch_ms) {
    if (epoch_ms > kMaxJsDateMs || epoch_ms < -kMaxJsDateMs)
        throw Error(ErrorCode::InvalidArgument, "date is outside javascript's date range");
    std::int64_t days = epoch_ms / kMsPerDay;
    std::int64_t ms_of_day = epoch_ms % kMsPerDay;
    if (ms_of_day < 0) {
        ms_of_day += kMsPerDay;
        days -= 1;
    }
    std::int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    // Written digit by digit: this runs twice for every session a SQLite call returns, and
    // snprintf was most of that call's time.
    std::string text;
    text.reserve(32);
    if (year >= 0 && year <= 9999) {
        append_digits(text, year, 4);
    } else {
        text += year < 0 ? '-' : '+';
        append_digits(text, year < 0 ? -year : year, 6);
    }
    text += '-';
    append_digits(text, month, 2);
    text += '-';
    append_digits(text, day, 2);
    text += 'T';
    append_digits(text, ms_of_day / 3'600'000, 2);
    text += ':';
    append_digits(text, ms_of_day / 60'000 % 60, 2);
    text += ':';
    append_digits(text, ms_of_day / 1000 % 60, 2);
    text += '.';
    append_digits(text, ms_of_day % 1000, 3);
    text += 'Z';
    return text;
}

}  // namespace lucia
