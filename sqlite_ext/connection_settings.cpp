// Maps each lucia.* setting of core's table onto its field of a SQLite connection.
#include "connection_settings.hpp"

#include <stdexcept>

namespace lucia_sqlite {

namespace {

lucia::SettingValue number(std::int64_t value) {
    lucia::SettingValue setting;
    setting.number = value;
    return setting;
}

lucia::SettingValue text(const std::string& value) {
    lucia::SettingValue setting;
    setting.text = value;
    return setting;
}

// The index of the stored word among the choices of `id` (the field holds the word itself).
std::int64_t choice_index(lucia::SettingId id, const std::string& word) {
    const std::vector<std::string>& choices = lucia::setting_definition(id).choices;
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == word) return static_cast<std::int64_t>(i);
    throw std::logic_error("a stored choice that is not one of its setting's choices");
}

}  // namespace

Settings::Settings() {
    lucia::reset_settings(*this, lucia::Engine::SQLite);
}

lucia::SettingValue Settings::load(lucia::SettingId id) const {
    using lucia::SettingId;
    switch (id) {
        case SettingId::active_period: return number(active_period_seconds);
        case SettingId::idle_period: return number(idle_period_seconds);
        case SettingId::auto_database_cleanup: return number(auto_database_cleanup ? 1 : 0);
        case SettingId::renewal: return number(renewal_extend ? lucia::RENEWAL_EXTEND : lucia::RENEWAL_ROTATE);
        case SettingId::tables_schema: return text(tables_schema);
        case SettingId::csrf_protection: return number(csrf_protection ? 1 : 0);
        case SettingId::env: return number(env_prod ? lucia::ENV_PROD : lucia::ENV_DEV);
        case SettingId::cookie_path: return text(cookie_path);
        case SettingId::cookie_domain: return text(cookie_domain);
        case SettingId::cookie_same_site: return number(choice_index(id, cookie_same_site));
        case SettingId::synchronous_apply: break;  // PostgreSQL only
    }
    throw std::logic_error("a setting SQLite does not have");
}

void Settings::store(lucia::SettingId id, const lucia::SettingValue& value) {
    using lucia::SettingId;
    switch (id) {
        case SettingId::active_period: active_period_seconds = value.number; return;
        case SettingId::idle_period: idle_period_seconds = value.number; return;
        case SettingId::auto_database_cleanup: auto_database_cleanup = value.number != 0; return;
        case SettingId::renewal: renewal_extend = value.number == lucia::RENEWAL_EXTEND; return;
        case SettingId::tables_schema: tables_schema = value.text; return;
        case SettingId::csrf_protection: csrf_protection = value.number != 0; return;
        case SettingId::env: env_prod = value.number == lucia::ENV_PROD; return;
        case SettingId::cookie_path: cookie_path = value.text; return;
        case SettingId::cookie_domain: cookie_domain = value.text; return;
        case SettingId::cookie_same_site:
            cookie_same_site = lucia::setting_definition(id).choices.at(static_cast<std::size_t>(value.number));
            return;
        case SettingId::synchronous_apply: break;  // PostgreSQL only
    }
    throw std::logic_error("a setting SQLite does not have");
}

}  // namespace lucia_sqlite
