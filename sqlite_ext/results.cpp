// Setting a function's result: texts copied by SQLite, JSON texts handed over (results.hpp).
#include "results.hpp"

#include <cstdlib>

namespace lucia_sqlite {

void result_text(const Call& call, const std::string& text) {
    sqlite3_result_text64(call.context, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

// JSON results carry SQLite's JSON subtype, so json_* functions and ->> read them as JSON.
void result_json(const Call& call, const std::string& json) {
    result_text(call, json);
    sqlite3_result_subtype(call.context, 'J');
}

// SQLite's destructor for a text it took over from lucia::JsonText.
static void free_json_text(void* text) {
    std::free(text);
}

void result_json(const Call& call, lucia::JsonText json) {
    std::size_t size = json.size();
    // SQLite owns the text from here, even when it refuses it (it then frees it at once).
    sqlite3_result_text64(call.context, json.release(), size, free_json_text, SQLITE_UTF8);
    sqlite3_result_subtype(call.context, 'J');
}

}  // namespace lucia_sqlite
