// A small JSON writer for results: objects with PostgreSQL's field names, the same bytes in every engine.
#pragma once

#include "no_database_headers.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia {

// A field name with its check done: whether it can be written between quotes as it is. A
// constexpr JsonName (the fixed names of results) is checked when the code is compiled.
class JsonName {
public:
    constexpr JsonName(std::string_view name) : name_(name), plain_(is_plain(name)) {}
    constexpr JsonName(const char* name) : JsonName(std::string_view(name)) {}
    JsonName(const std::string& name) : JsonName(std::string_view(name)) {}
    constexpr std::string_view text() const {
        return name_;
    }
    constexpr bool plain() const {
        return plain_;
    }

private:
    // No control character, '"', '\\' or non-ASCII byte.
    static constexpr bool is_plain(std::string_view name) {
        for (char c : name) {
            unsigned char byte = static_cast<unsigned char>(c);
            if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') return false;
        }
        return true;
    }
    std::string_view name_;
    bool plain_;
};

// A finished object's text, in memory from std::malloc that a database may take over and free
// with std::free (SQLite's result destructor), so that the text is not copied once more. A NUL
// follows the text (not counted in size()), so that it can also be read as a C string.
class JsonText {
public:
    JsonText(char* data, std::size_t size) : data_(data), size_(size) {}
    JsonText(JsonText&& other) noexcept : data_(other.data_), size_(other.size_) {
        other.data_ = nullptr;
    }
    JsonText(const JsonText&) = delete;
    JsonText& operator=(const JsonText&) = delete;
    JsonText& operator=(JsonText&&) = delete;
    ~JsonText();
    std::string_view view() const {
        return std::string_view(data_, size_);
    }
    std::size_t size() const {
        return size_;
    }
    // Hands the memory over; the caller frees it with std::free.
    char* release() {
        char* data = data_;
        data_ = nullptr;
        return data;
    }

private:
    char* data_;
    std::size_t size_;
};

class JsonObject {
public:
    JsonObject();
    ~JsonObject();
    JsonObject(const JsonObject&) = delete;
    JsonObject& operator=(const JsonObject&) = delete;

    JsonObject& add(JsonName name, std::string_view value);
    JsonObject& add(JsonName name, const char* value) {
        return add(name, std::string_view(value));
    }
    JsonObject& add(JsonName name, std::int64_t value);
    JsonObject& add(JsonName name, double value);
    // A date as JavaScript's toISOString prints it, or null outside JavaScript's Date range.
    JsonObject& add_date(JsonName name, std::int64_t epoch_ms);
    JsonObject& add(JsonName name, bool value);
    JsonObject& add_null(JsonName name);
    // value is already JSON (a nested object or array).
    JsonObject& add_json(JsonName name, std::string_view json);
    // Closes the object and hands over its text; the object is empty afterwards.
    std::string str();
    JsonText text();

private:
    // `length` writable bytes at the end of the text, which the caller fills and then counts
    // with wrote(): results are written in place, without std::string's per-append checks.
    char* room(std::size_t length);
    void wrote(std::size_t length) {
        used_ += length;
    }
    void put(const char* text, std::size_t length);
    JsonObject& key(JsonName name);
    JsonObject& add_raw(JsonName name, const char* text, std::size_t length);
    // Room for a whole key or user object (sessions have core/session_json), so that building
    // one rarely reallocates; the first used_ bytes are the object's text.
    std::size_t capacity_ = 320;
    std::size_t used_ = 0;
    char* body_;
};

// Whether `text` can be written between quotes as it is: no control character, '"', '\\' or
// non-ASCII byte (which json_string checks as UTF-8).
bool json_plain(std::string_view text);

// `text` as a JSON string literal, quoted and escaped.
std::string json_string(std::string_view text);

}  // namespace lucia
