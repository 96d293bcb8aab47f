// A small JSON writer for results: objects with PostgreSQL's field names, the same bytes in every engine.
#pragma once

#include "no_database_headers.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia {

class JsonObject {
public:
    JsonObject& add(std::string_view name, std::string_view value);
    JsonObject& add(std::string_view name, const char* value) { return add(name, std::string_view(value)); }
    JsonObject& add(std::string_view name, std::int64_t value);
    JsonObject& add(std::string_view name, double value);
    // A date as JavaScript's toISOString prints it, or null outside JavaScript's Date range.
    JsonObject& add_date(std::string_view name, std::int64_t epoch_ms);
    JsonObject& add(std::string_view name, bool value);
    JsonObject& add_null(std::string_view name);
    // value is already JSON (a nested object or array).
    JsonObject& add_json(std::string_view name, std::string_view json);
    // Closes the object and hands over its text; the object is empty afterwards.
    std::string str();

private:
    // `length` writable bytes at the end of the text, which the caller fills and then counts
    // with wrote(): results are written in place, without std::string's per-append checks.
    char* room(std::size_t length);
    void wrote(std::size_t length) { used_ += length; }
    void put(const char* text, std::size_t length);
    JsonObject& key(std::string_view name);
    JsonObject& add_raw(std::string_view name, const char* text, std::size_t length);
    // "{" in room for a whole session, so that building one does not reallocate; only the first
    // used_ bytes are the object's text.
    std::string body_ = std::string(320, '{');
    std::size_t used_ = 1;
};

// `text` as a JSON string literal, quoted and escaped.
std::string json_string(std::string_view text);

}  // namespace lucia
