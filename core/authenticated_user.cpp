// The authenticated user of one scope: set only by a validated session, forgotten first.
#include "authenticated_user.hpp"

#include <utility>

namespace lucia {

void AuthenticatedUser::begin_authentication() noexcept {
    user_id_.reset();
}

// Moving a string neither allocates nor throws: a validated session always becomes authenticated.
void AuthenticatedUser::authenticate(std::string user_id) noexcept {
    user_id_ = std::move(user_id);
}

void AuthenticatedUser::clear() noexcept {
    user_id_.reset();
}

const std::string* AuthenticatedUser::user_id() const noexcept {
    return user_id_.has_value() ? &*user_id_ : nullptr;
}

}  // namespace lucia
