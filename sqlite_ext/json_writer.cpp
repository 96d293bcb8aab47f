#include "json_writer.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace lucia_sqlite {

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
                    out += escaped;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

JsonObject& JsonObject::key(std::string_view name) {
    if (body_.size() > 1) body_ += ',';
    body_ += json_string(name);
    body_ += ':';
    return *this;
}

JsonObject& JsonObject::add(std::string_view name, std::string_view value) {
    key(name).body_ += json_string(value);
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
