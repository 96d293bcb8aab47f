#include "json_writer.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lucia_sqlite {

// Whether a byte must be escaped inside a JSON string.
static bool needs_escape(unsigned char c) {
    return c < 0x20 || c == '"' || c == '\\';
}

// Appends `text` as a JSON string literal; ids, dates and states need no escaping and are copied
// in one piece.
static void append_json_string(std::string& out, std::string_view text) {
    out += '"';
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(text[i]);
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

std::string json_string(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

JsonObject& JsonObject::key(std::string_view name) {
    if (body_.size() > 1) body_ += ',';
    append_json_string(body_, name);
    body_ += ':';
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::string_view value) {
    append_json_string(key(name).body_, value);
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::int64_t value) {
    key(name).body_ += std::to_string(value);
    return *this;
}

// JSON has no NaN or infinity; SQLite can store them in a REAL column, so they become null.
JsonObject& JsonObject::add(std::string_view name, double value) {
    if (!std::isfinite(value)) return add_null(name);
    // The shortest form that reads back as the same double, as JavaScript and PostgreSQL print.
    char number[32];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(number, sizeof(number), "%.*g", precision, value);
        if (std::strtod(number, nullptr) == value) break;
    }
    key(name).body_ += number;
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, bool value) {
    key(name).body_ += value ? "true" : "false";
    return *this;
}

JsonObject& JsonObject::add_null(std::string_view name) {
    key(name).body_ += "null";
    return *this;
}

JsonObject& JsonObject::add_json(std::string_view name, std::string_view json) {
    key(name).body_ += json;
    return *this;
}

}  // namespace lucia_sqlite
