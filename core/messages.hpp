// The texts of Lucia's error messages, one constant each, generated from core/messages.def.
#pragma once
#include "no_database_headers.hpp"
#include "messages.def"

namespace lucia::messages {

// lucia::messages::kUserMissing is "user does not exist", and so on down core/messages.def; the
// adapters name the constant, never the text, so a changed text changes every engine.
#define LUCIA_MESSAGE_CONSTANT(cpp_name, c_name, text) inline constexpr char k##cpp_name[] = text;
LUCIA_MESSAGES(LUCIA_MESSAGE_CONSTANT)
#undef LUCIA_MESSAGE_CONSTANT

}  // namespace lucia::messages
