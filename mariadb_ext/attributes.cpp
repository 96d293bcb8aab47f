// lucia_core_attributes_json(name, value, name, value, ...): a user's attribute columns as the
// JSON object the other engines return ("attributes", "user_attributes"), written by core's
// writer from each value's own type. install.sh generates lucia_user_attributes(), which calls
// it with auth_user's columns, because a stored function cannot build SQL from a table's columns.
#include "udf.hpp"

#include "core/errors.hpp"
#include "core/json_writer.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

// Names are text; values keep the type the server gives them (integer, real, decimal, text).
bool init_attributes(UDF_INIT* init, UDF_ARGS* args, char* message) {
    if (args->arg_count % 2 != 0) {
        std::snprintf(message, MYSQL_ERRMSG_SIZE, "lucia_core_attributes_json takes name, value pairs");
        return true;
    }
    for (unsigned i = 0; i < args->arg_count; i += 2) args->arg_type[i] = STRING_RESULT;
    return lucia_mariadb::init_result(init, message, "lucia_core_attributes_json", true);
}

// One value as SQLite's module writes a column of that storage class.
void add_value(lucia::JsonObject& object, std::string_view name, const UDF_ARGS* args, unsigned i) {
    const char* value = args->args[i];
    if (value == nullptr) {
        object.add_null(name);
        return;
    }
    switch (args->arg_type[i]) {
        case INT_RESULT: {
            long long number;
            std::memcpy(&number, value, sizeof number);
            object.add(name, static_cast<std::int64_t>(number));
            return;
        }
        case REAL_RESULT: {
            double number;
            std::memcpy(&number, value, sizeof number);
            object.add(name, number);
            return;
        }
        case DECIMAL_RESULT:
            object.add(name, std::strtod(std::string(value, args->lengths[i]).c_str(), nullptr));
            return;
        default: object.add(name, std::string_view(value, args->lengths[i]));
    }
}

std::string attributes_json(const lucia_mariadb::Args& arguments, const UDF_ARGS* args) {
    lucia::JsonObject object;
    for (unsigned i = 0; i + 1 < args->arg_count; i += 2) {
        std::optional<std::string_view> name = arguments.text(i);
        if (!name.has_value()) throw lucia::Error(lucia::ErrorCode::InvalidArgument, "attribute name is NULL");
        add_value(object, *name, args, i + 1);
    }
    return object.str();
}

}  // namespace

extern "C" my_bool lucia_core_attributes_json_init(UDF_INIT* init, UDF_ARGS* args, char* message) {
    return init_attributes(init, args, message);
}
extern "C" void lucia_core_attributes_json_deinit(UDF_INIT* init) {
    lucia_mariadb::deinit_udf(init);
}
extern "C" char* lucia_core_attributes_json(UDF_INIT* init, UDF_ARGS* args, char*, unsigned long* length, char* is_null,
                                            char*) {
    return lucia_mariadb::call_raw_text(attributes_json, init, args, length, is_null);
}
