#include "iso_date.hpp"

#include "decimal.hpp"
#include "errors.hpp"
#include "messages.hpp"

namespace lucia {

namespace {

constexpr std::int64_t kMaxJsDateMs = 8'640'000'000'000'000;
constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kLastRecentDay = 2'932'896;  // 9999-12-31

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

// Neri and Schneider's calendar ("Euclidean affine functions and their application to calendar
// algorithms", 2022): the date of a day count since 0000-03-01, in 32-bit arithmetic with
// multiplications where Hinnant's has divisions. Why both: this one is for the dates results
// print on every call (1970-01-01 to 9999-12-31), Hinnant's for the rest of JavaScript's range.
void civil_from_recent_days(std::uint32_t days, std::int64_t* year, unsigned* month, unsigned* day) {
    const std::uint32_t n = days + 719468;  // days since 0000-03-01
    const std::uint32_t n1 = 4 * n + 3;
    const std::uint32_t century = n1 / 146097;
    const std::uint32_t n2 = (n1 % 146097) | 3;
    const std::uint64_t p2 = std::uint64_t{2939745} * n2;
    const std::uint32_t year_of_century = static_cast<std::uint32_t>(p2 >> 32);
    const std::uint32_t day_of_year = static_cast<std::uint32_t>(p2) / 2939745 / 4;  // from March 1
    const std::uint32_t n3 = 2141 * day_of_year + 197913;
    const bool january_or_february = day_of_year >= 306;
    const std::uint32_t march_based_month = n3 >> 16;
    *year = static_cast<std::int64_t>(100 * century + year_of_century) + (january_or_february ? 1 : 0);
    *month = january_or_february ? march_based_month - 12 : march_based_month;
    *day = (n3 & 0xffff) / 2141 + 1;
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
    if (days >= 0 && days <= kLastRecentDay)
        civil_from_recent_days(static_cast<std::uint32_t>(days), &year, &month, &day);
    else
        civil_from_days(days, &year, &month, &day);
    char* end = out;
    if (year >= 0 && year <= 9999) {
        end = write_two_digits(end, static_cast<unsigned>(year / 100));
        end = write_two_digits(end, static_cast<unsigned>(year % 100));
    } else {
        // Six digits and a sign: JavaScript's range ends at years +275760 and -271821.
        *end++ = year < 0 ? '-' : '+';
        const unsigned magnitude = static_cast<unsigned>(year < 0 ? -year : year);
        end = write_two_digits(end, magnitude / 10000);
        end = write_two_digits(end, magnitude / 100 % 100);
        end = write_two_digits(end, magnitude % 100);
    }
    *end++ = '-';
    end = write_two_digits(end, month);
    *end++ = '-';
    end = write_two_digits(end, day);
    *end++ = 'T';
    const unsigned ms = static_cast<unsigned>(ms_of_day);
    const unsigned seconds = ms / 1000, millis = ms - seconds * 1000;
    const unsigned hours = seconds / 3600, second_of_hour = seconds - hours * 3600;
    const unsigned minutes = second_of_hour / 60;
    end = write_two_digits(end, hours);
    *end++ = ':';
    end = write_two_digits(end, minutes);
    *end++ = ':';
    end = write_two_digits(end, second_of_hour - minutes * 60);
    *end++ = '.';
    *end++ = static_cast<char>('0' + millis / 100);
    end = write_two_digits(end, millis % 100);
    *end++ = 'Z';
    *end = '\0';
    return static_cast<std::size_t>(end - out);
}

std::string format_iso_date(std::int64_t epoch_ms) {
    char text[kIsoDateBufferSize];
    std::size_t length = write_iso_date(epoch_ms, text);
    if (length == 0) throw Error(ErrorCode::InvalidArgument, messages::kDateOutOfRange);
    return std::string(text, length);
}

}  // namespace lucia
