// A small JSON writer for results: objects with PostgreSQL's field names, read with ->> in SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia_sqlite {

class JsonObject {
public:
    JsonObject& add(std::string_view name, std::string_view value);
    JsonObject& add(std::string_view name, const char* value) { return add(name, std::string_view(value)); }
    JsonObject& add(std::string_view name, std::int64_t value);
    JsonObject& add(std::string_view name, double value);
    JsonObject& add(std::string_view name, bool value);
    JsonObject& add_null(std::string_view name);
    // value is already JSON (a nested object or array).
    JsonObject& add_json(std::string_view name, std::string_view json);
    std::string str() const { return body_ + "}"; }

private:
    JsonObject& key(std::string_view name);
    std::string body_ = initial_body();
    // "{" with room for a whole session, so that building one does not reallocate.
    static std::string initial_body() {
        std::string body;
        body.reserve(320);
        body += '{';
        return body;
    }
};

// `text` as a JSON string literal, quoted and escaped.
std::string json_string(std::string_view text);

}  // namespace lucia_sqlite
