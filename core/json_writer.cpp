#include "json_writer.hpp"

#include "decimal.hpp"
#include "iso_date.hpp"
#include "unicode.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace lucia {

// Which bytes must be escaped inside a JSON string: control characters, '"' and '\\'.
static constexpr struct EscapeTable {
    bool escaped[256] = {};
    constexpr EscapeTable() {
        for (int c = 0; c < 0x20; ++c) escaped[c] = true;
        escaped[static_cast<unsigned char>('"')] = true;
        escaped[static_cast<unsigned char>('\\')] = true;
    }
} kEscape;

static bool needs_escape(unsigned char c) {
    return kEscape.escaped[c];
}

// Whether any of the 8 bytes in `word` is a control character, '"', '\\' or non-ASCII, with the
// exact zero-byte and less-than tests of "Bit Twiddling Hacks": eight bytes per step, since every
// result runs every id and field name through this.
static bool word_needs_escape(std::uint64_t word) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
    std::uint64_t control = (word - kOnes * 0x20) & ~word;
    std::uint64_t quote = word ^ (kOnes * '"');
    std::uint64_t backslash = word ^ (kOnes * '\\');
    std::uint64_t is_quote = (quote - kOnes) & ~quote;
    std::uint64_t is_backslash = (backslash - kOnes) & ~backslash;
    return ((word | control | is_quote | is_backslash) & kHigh) != 0;
}

// Whether any byte of `text` must be escaped or checked as UTF-8; ids, dates, states and our
// field names never do.
static bool needs_any_escape(std::string_view text) {
    const char* at = text.data();
    std::size_t left = text.size();
    for (; left >= 8; left -= 8, at += 8) {
        std::uint64_t word;
        std::memcpy(&word, at, sizeof(word));
        if (word_needs_escape(word)) return true;
    }
    for (; left > 0; --left, ++at)
        if (needs_escape(static_cast<unsigned char>(*at)) || static_cast<unsigned char>(*at) >= 0x80) return true;
    return false;
}

// Appends `text` as a JSON string literal; ids, dates and states need no escaping and are copied
// in one piece. A byte that does not start well-formed UTF-8 becomes U+FFFD, so the result is
// always valid JSON whatever a database file holds.
static void append_json_string(std::string& out, std::string_view text) {
    if (!needs_any_escape(text)) {
        out += '"';
        out.append(text.data(), text.size());
        out += '"';
        return;
    }
    out += '"';
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            std::size_t length = utf8_sequence_length(text, i);
            if (length > 0) {
                i += length - 1;
                continue;
            }
            out.append(text.data() + start, i - start);
            start = i + 1;
            out += "\xef\xbf\xbd";  // U+FFFD, the replacement character
            continue;
        }
        if (!needs_escape(c)) continue;
        out.append(text.data() + start, i - start);
        start = i + 1;
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default: {
                char escaped[8];
                std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
                out += escaped;
            }
        }
    }
    out.append(text.data() + start, text.size() - start);
    out += '"';
}

bool json_plain(std::string_view text) {
    return !needs_any_escape(text);
}

std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

JsonText::~JsonText() {
    std::free(data_);
}

JsonObject::JsonObject() : body_(static_cast<char*>(std::malloc(capacity_))) {
    if (body_ == nullptr) throw std::bad_alloc();
    put("{", 1);
}

JsonObject::~JsonObject() {
    std::free(body_);
}

char* JsonObject::room(std::size_t length) {
    if (capacity_ - used_ < length) {
        std::size_t capacity = std::max(capacity_ * 2, used_ + length);
        char* body = static_cast<char*>(std::realloc(body_, capacity));
        if (body == nullptr) throw std::bad_alloc();
        body_ = body;
        capacity_ = capacity;
    }
    return body_ + used_;
}

void JsonObject::put(const char* text, std::size_t length) {
    std::memcpy(room(length), text, length);
    wrote(length);
}

std::string JsonObject::str() {
    JsonText closed = text();
    return std::string(closed.view());
}

JsonText JsonObject::text() {
    put("}", 1);
    *room(1) = '\0';  // not counted: the text's terminator (see JsonText)
    JsonText closed(body_, used_);
    body_ = nullptr;
    capacity_ = 0;
    used_ = 0;
    return closed;
}

// Writes `,"name":` in place when the name needs no escaping (every name but odd column names).
JsonObject& JsonObject::key(JsonName field) {
    std::string_view name = field.text();
    if (field.plain()) {
        char* end = room(name.size() + 4);
        char* start = end;
        if (used_ > 1) *end++ = ',';
        *end++ = '"';
        std::memcpy(end, name.data(), name.size());
        end += name.size();
        *end++ = '"';
        *end++ = ':';
        wrote(static_cast<std::size_t>(end - start));
        return *this;
    }
    if (used_ > 1) put(",", 1);
    std::string quoted = json_string(name);
    put(quoted.data(), quoted.size());
    put(":", 1);
    return *this;
}

// A plain value (ids, states) is copied in place between quotes; others go through the escaper.
JsonObject& JsonObject::add(JsonName name, std::string_view value) {
    key(name);
    if (!needs_any_escape(value)) {
        char* out = room(value.size() + 2);
        out[0] = '"';
        std::memcpy(out + 1, value.data(), value.size());
        out[value.size() + 1] = '"';
        wrote(value.size() + 2);
        return *this;
    }
    std::string quoted = json_string(value);
    put(quoted.data(), quoted.size());
    return *this;
}

JsonObject& JsonObject::add_raw(JsonName name, const char* text, std::size_t length) {
    key(name).put(text, length);
    return *this;
}

JsonObject& JsonObject::add(JsonName name, std::int64_t value) {
    char number[kMaxDecimalLength];
    return add_raw(name, number, static_cast<std::size_t>(write_decimal(number, value) - number));
}

JsonObject& JsonObject::add_date(JsonName name, std::int64_t epoch_ms) {
    char date[kIsoDateBufferSize + 2];
    date[0] = '"';
    std::size_t length = write_iso_date(epoch_ms, date + 1);
    if (length == 0) return add_null(name);
    date[length + 1] = '"';
    return add_raw(name, date, length + 2);
}

// JSON has no NaN or infinity; SQLite can store them in a REAL column, so they become null.
JsonObject& JsonObject::add(JsonName name, double value) {
    if (!std::isfinite(value)) return add_null(name);
    // The shortest form that reads back as the same double, as JavaScript and PostgreSQL print.
    char number[32];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(number, sizeof(number), "%.*g", precision, value);
        if (std::strtod(number, nullptr) == value) break;
    }
    return add_raw(name, number, std::strlen(number));
}

JsonObject& JsonObject::add(JsonName name, bool value) {
    return value ? add_raw(name, "true", 4) : add_raw(name, "false", 5);
}

JsonObject& JsonObject::add_null(JsonName name) {
    return add_raw(name, "null", 4);
}

JsonObject& JsonObject::add_json(JsonName name, std::string_view json) {
    return add_raw(name, json.data(), json.size());
}

}  // namespace lucia
