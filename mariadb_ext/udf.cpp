#include "udf.hpp"

#include "core/errors.hpp"
#include "core/messages.hpp"

#include <mysql/plugin.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <new>
#include <stdexcept>

namespace lucia_mariadb {

namespace {

// Per thread, because the server runs one connection's statement on one thread at a time and the
// routine reads the error right after the call that failed (see take_last_error). But the server
// hands a closed connection's thread to the next connection (its thread cache), so an error that
// a direct call left unread would reach whoever connects next, any account: each error is tagged
// with its connection's token, and only that connection reads it back.
thread_local std::string last_error;
thread_local bool has_last_error = false;
thread_local std::uintptr_t last_error_connection = 0;

// The token lives in the connection's own storage (MariaDB's thd_specifics service: a slot per
// connection, 0 in a new one), drawn from a counter the first time a connection needs one.
MYSQL_THD_KEY_T connection_key;
std::atomic<bool> connection_key_ready{false};
std::atomic<std::uintptr_t> next_connection_token{1};

std::uintptr_t connection_token() noexcept {
    if (!connection_key_ready.load(std::memory_order_acquire)) return 0;
    auto token = reinterpret_cast<std::uintptr_t>(thd_getspecific(nullptr, connection_key));
    if (token == 0) {
        token = next_connection_token.fetch_add(1, std::memory_order_relaxed);
        thd_setspecific(nullptr, connection_key, reinterpret_cast<void*>(token));
    }
    return token;
}

void keep_error(const lucia::Error& error) noexcept {
    last_error_connection = connection_token();
    try {
        last_error = std::string(lucia::error_sqlstate(error.code())) + error.what();
        has_last_error = true;
    } catch (...) {
        last_error.clear();
        has_last_error = true;  // reported as UNKNOWN_ERROR below
    }
}

// Every failure of a body as a Lucia error; nothing propagates into the server.
template <typename Run>
bool guarded(Run run) noexcept {
    // A success leaves the last error alone: a routine may call other functions (now_ms) before
    // it checks the one that failed.
    try {
        run();
        return true;
    } catch (const lucia::Error& error) {
        keep_error(error);
    } catch (const std::bad_alloc&) {
        keep_error(lucia::Error(lucia::ErrorCode::UnknownError, lucia::messages::kOutOfMemory));
    } catch (const std::exception& error) {
        keep_error(lucia::Error(lucia::ErrorCode::UnknownError, error.what()));
    } catch (...) {
        keep_error(lucia::Error(lucia::ErrorCode::UnknownError, lucia::messages::kUnexpectedException));
    }
    return false;
}

}  // namespace

std::optional<std::string_view> Args::text(unsigned index) const {
    if (args_->args[index] == nullptr) return std::nullopt;
    return std::string_view(args_->args[index], args_->lengths[index]);
}

std::optional<std::int64_t> Args::integer(unsigned index) const {
    if (args_->args[index] == nullptr) return std::nullopt;
    long long value;
    std::memcpy(&value, args_->args[index], sizeof value);
    return static_cast<std::int64_t>(value);
}

std::int64_t Args::required_integer(unsigned index) const {
    std::optional<std::int64_t> value = integer(index);
    if (!value.has_value()) throw lucia::Error(lucia::ErrorCode::InvalidArgument, "internal argument is NULL");
    return *value;
}

// The server's message buffer holds MYSQL_ERRMSG_SIZE bytes.
bool init_udf(UDF_INIT* init, UDF_ARGS* args, char* message, const char* name, const char* kinds, bool text_result) {
    const std::size_t count = std::strlen(kinds);
    if (args->arg_count != count) {
        std::snprintf(message, MYSQL_ERRMSG_SIZE, "%s takes %zu arguments", name, count);
        return true;
    }
    for (std::size_t i = 0; i < count; ++i) args->arg_type[i] = kinds[i] == 'i' ? INT_RESULT : STRING_RESULT;
    return init_result(init, message, name, text_result);
}

bool init_result(UDF_INIT* init, char* message, const char* name, bool text_result) {
    init->maybe_null = 1;
    init->const_item = 0;
    init->ptr = nullptr;
    if (text_result) {
        init->max_length = 16 * 1024 * 1024;
        init->ptr = reinterpret_cast<char*>(new (std::nothrow) std::string());
        if (init->ptr == nullptr) {
            std::snprintf(message, MYSQL_ERRMSG_SIZE, "%s: out of memory", name);
            return true;
        }
    }
    return false;
}

void deinit_udf(UDF_INIT* init) {
    delete reinterpret_cast<std::string*>(init->ptr);
    init->ptr = nullptr;
}

char* call_text(TextBody body, UDF_INIT* init, UDF_ARGS* args, unsigned long* length, char* is_null) {
    auto* result = reinterpret_cast<std::string*>(init->ptr);
    const Args arguments(args);
    if (!guarded([&] { *result = body(arguments); })) {
        *is_null = 1;
        return nullptr;
    }
    *length = result->size();
    return result->data();
}

char* call_raw_text(RawTextBody body, UDF_INIT* init, UDF_ARGS* args, unsigned long* length, char* is_null) {
    auto* result = reinterpret_cast<std::string*>(init->ptr);
    const Args arguments(args);
    if (!guarded([&] { *result = body(arguments, args); })) {
        *is_null = 1;
        return nullptr;
    }
    *length = result->size();
    return result->data();
}

long long call_integer(IntegerBody body, UDF_ARGS* args, char* is_null) {
    const Args arguments(args);
    std::int64_t result = 0;
    if (!guarded([&] { result = body(arguments); })) {
        *is_null = 1;
        return 0;
    }
    return result;
}

std::optional<std::string> take_last_error() {
    if (!has_last_error) return std::nullopt;
    has_last_error = false;
    std::string error;
    error.swap(last_error);
    if (last_error_connection != connection_token()) return std::nullopt;  // another connection's
    if (error.empty())
        error = std::string(lucia::error_sqlstate(lucia::ErrorCode::UnknownError)) + "UNKNOWN_ERROR: out of memory";
    return error;
}

bool start_connection_slot() {
    if (thd_key_create(&connection_key) != 0) return false;
    connection_key_ready.store(true, std::memory_order_release);
    return true;
}

void stop_connection_slot() {
    if (!connection_key_ready.exchange(false)) return;
    thd_key_delete(&connection_key);
}

}  // namespace lucia_mariadb
