// The loadable-function (UDF) plumbing of the MariaDB adapter: reading a call's arguments, and
// turning a C++ body into the name_init/name/name_deinit triple the server calls.
// Why here: no C++ exception may leave a UDF, and MariaDB lets ANY account call one (there is no
// EXECUTE check on loadable functions), so every body runs inside one catch-all that keeps the
// Lucia error for lucia_core_error() and returns SQL NULL; the SQL routines turn that into SIGNAL.
#pragma once

#include <mysql.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lucia_mariadb {

// One call's arguments as the server hands them over: the init function fixed each one's type.
class Args {
public:
    explicit Args(const UDF_ARGS* args) : args_(args) {}
    // A string argument, or nullopt for SQL NULL.
    std::optional<std::string_view> text(unsigned index) const;
    // An integer argument, or nullopt for SQL NULL.
    std::optional<std::int64_t> integer(unsigned index) const;
    // An integer argument that must be given (the routines always pass one).
    std::int64_t required_integer(unsigned index) const;

private:
    const UDF_ARGS* args_;
};

using TextBody = std::string (*)(const Args&);
// A body that also reads the arguments' own types (a variable number of them).
using RawTextBody = std::string (*)(const Args&, const UDF_ARGS*);
using IntegerBody = std::int64_t (*)(const Args&);

// name_init: checks the argument count against `kinds` ("s" string, "i" integer, one letter per
// argument) and asks the server to convert each argument to that type.
bool init_udf(UDF_INIT* init, UDF_ARGS* args, char* message, const char* name, const char* kinds, bool text_result);
// The part of init_udf after the arguments: a nullable result, and its buffer for a text one.
bool init_result(UDF_INIT* init, char* message, const char* name, bool text_result);
void deinit_udf(UDF_INIT* init);
// name: runs the body; any exception becomes SQL NULL plus the error lucia_core_error() returns.
char* call_text(TextBody body, UDF_INIT* init, UDF_ARGS* args, unsigned long* length, char* is_null);
char* call_raw_text(RawTextBody body, UDF_INIT* init, UDF_ARGS* args, unsigned long* length, char* is_null);
long long call_integer(IntegerBody body, UDF_ARGS* args, char* is_null);

// The last error of this connection's calls as "<SQLSTATE><CODE>: <detail>", then forgets it.
std::optional<std::string> take_last_error();

// The settings plugin's init and deinit: the per-connection slot that ties a kept error to the
// connection that made it (see udf.cpp). Without it (plugin not installed) errors stay per thread.
bool start_connection_slot();
void stop_connection_slot();

}  // namespace lucia_mariadb

// The three C symbols of one loadable function: lucia_core_x_init, lucia_core_x, lucia_core_x_deinit.
#define LUCIA_TEXT_UDF(name, kinds, body)                                                                       \
    extern "C" my_bool name##_init(UDF_INIT* init, UDF_ARGS* args, char* message) {                             \
        return lucia_mariadb::init_udf(init, args, message, #name, kinds, true);                                \
    }                                                                                                           \
    extern "C" void name##_deinit(UDF_INIT* init) {                                                             \
        lucia_mariadb::deinit_udf(init);                                                                        \
    }                                                                                                           \
    extern "C" char* name(UDF_INIT* init, UDF_ARGS* args, char*, unsigned long* length, char* is_null, char*) { \
        return lucia_mariadb::call_text(body, init, args, length, is_null);                                     \
    }

#define LUCIA_INTEGER_UDF(name, kinds, body)                                        \
    extern "C" my_bool name##_init(UDF_INIT* init, UDF_ARGS* args, char* message) { \
        return lucia_mariadb::init_udf(init, args, message, #name, kinds, false);   \
    }                                                                               \
    extern "C" void name##_deinit(UDF_INIT* init) {                                 \
        lucia_mariadb::deinit_udf(init);                                            \
    }                                                                               \
    extern "C" long long name(UDF_INIT*, UDF_ARGS* args, char* is_null, char*) {    \
        return lucia_mariadb::call_integer(body, args, is_null);                    \
    }
