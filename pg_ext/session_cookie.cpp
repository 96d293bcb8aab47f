// lucia_session_cookie: core's serializer called with this backend's cookie settings.
#include "session_cookie.hpp"

#include "core_bridge.h"
#include "errors_pg.hpp"
#include "settings.hpp"

text *lucia_session_cookie(const char *session_id, size_t length, int64 idle_expires_ms) {
    size_t needed = 0;
    LuciaFailure failure;
    const char *path = lucia_cookie_path ? lucia_cookie_path : "";
    const char *domain = lucia_cookie_domain ? lucia_cookie_domain : "";
    bool secure = lucia_env == LUCIA_ENV_PROD;
    if (!lucia_bridge_session_cookie(session_id, length, idle_expires_ms, path, domain, lucia_same_site_name(), secure,
                                     nullptr, 0, &needed, &failure))
        lucia_raise_failure(&failure);
    char *cookie = static_cast<char *>(palloc(needed + 1));
    if (!lucia_bridge_session_cookie(session_id, length, idle_expires_ms, path, domain, lucia_same_site_name(), secure,
                                     cookie, needed + 1, &needed, &failure))
        lucia_raise_failure(&failure);
    return cstring_to_text_with_len(cookie, static_cast<int>(needed));
}
