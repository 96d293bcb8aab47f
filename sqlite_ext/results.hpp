// Setting a function's result. Why one place: every JSON result must carry SQLite's JSON subtype
// (the functions are registered with SQLITE_RESULT_SUBTYPE), and large texts are handed over, not copied.
#pragma once

#include "arguments.hpp"

#include "core/json_writer.hpp"

#include <string>

namespace lucia_sqlite {

// A text result, copied by SQLite.
void result_text(const Call& call, const std::string& text);
// A JSON result (subtype 'J'), copied by SQLite.
void result_json(const Call& call, const std::string& json);
// A JSON result whose text is handed to SQLite, which frees it, instead of copied.
void result_json(const Call& call, lucia::JsonText json);

}  // namespace lucia_sqlite
