#include "session_json.hpp"

#include "decimal.hpp"
#include "iso_date.hpp"
#include "session_expiry.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace lucia {

namespace {

// A string value: the text between quotes when it is plain (ids almost always are), else
// json_string's escaped literal. Why both: the plain case costs no allocation.
class StringValue {
public:
    explicit StringValue(std::string_view text) : text_(text), plain_(json_plain(text)) {
        if (plain_) return;
        escaped_ = json_string(text);
        text_ = escaped_;
    }
    StringValue(const StringValue&) = delete;
    StringValue& operator=(const StringValue&) = delete;
    std::size_t size() const { return text_.size() + (plain_ ? 2 : 0); }
    char* write(char* out) const {
        if (plain_) *out++ = '"';
        std::memcpy(out, text_.data(), text_.size());
        out += text_.size();
        if (plain_) *out++ = '"';
        return out;
    }

private:
    std::string_view text_;
    bool plain_;
    std::string escaped_;
};

// A date value: the ISO date between quotes, or null outside JavaScript's Date range (as
// JsonObject::add_date writes it).
struct DateValue {
    explicit DateValue(std::int64_t epoch_ms) {
        std::size_t length = write_iso_date(epoch_ms, text + 1);
        if (length == 0) {
            std::memcpy(text, "null", 4);
            size = 4;
            return;
        }
        text[0] = '"';
        text[length + 1] = '"';
        size = length + 2;
    }
    char text[kIsoDateBufferSize + 2];
    std::size_t size;
};

// An integer value in decimal.
struct NumberValue {
    explicit NumberValue(std::int64_t value) : size(static_cast<std::size_t>(write_decimal(text, value) - text)) {}
    char text[kMaxDecimalLength];
    std::size_t size;
};

// Copies a literal (without its NUL); the length is known when compiled, so no call is made.
template <std::size_t N>
char* put(char* out, const char (&literal)[N]) {
    std::memcpy(out, literal, N - 1);
    return out + N - 1;
}

char* put(char* out, const char* text, std::size_t length) {
    std::memcpy(out, text, length);
    return out + length;
}

// The constant text between the values, field names included (all plain ASCII).
constexpr char kSessionId[] = "{\"session_id\":";
constexpr char kUserId[] = ",\"user_id\":";
constexpr char kActivePeriod[] = ",\"active_period_expires_at\":";
constexpr char kIdlePeriod[] = ",\"idle_period_expires_at\":";
constexpr char kState[] = ",\"state\":\"";
constexpr char kFresh[] = "\",\"fresh\":";
constexpr char kActiveExpires[] = ",\"active_expires\":";
constexpr char kIdleExpires[] = ",\"idle_expires\":";
constexpr char kUserAttributes[] = ",\"user_attributes\":";

// A literal's length without its NUL.
template <std::size_t N>
constexpr std::size_t length(const char (&)[N]) {
    return N - 1;
}

}  // namespace

JsonText session_json(const SessionFields& session, std::int64_t now_ms, bool fresh,
                      std::optional<std::string_view> user_attributes) {
    const StringValue session_id(session.session_id);
    const StringValue user_id(session.user_id);
    const DateValue active_period(session.active_expires);
    const DateValue idle_period(session.idle_expires);
    // The state names ("active", "idle", "dead") are plain.
    const std::string_view state =
        session_state_name(session_state(now_ms, session.active_expires, session.idle_expires));
    const NumberValue active_expires(session.active_expires);
    const NumberValue idle_expires(session.idle_expires);
    std::size_t size = length(kSessionId) + session_id.size() + length(kUserId) +
                       user_id.size() + length(kActivePeriod) + active_period.size +
                       length(kIdlePeriod) + idle_period.size + length(kState) +
                       state.size() + length(kFresh) + (fresh ? 4 : 5) +
                       length(kActiveExpires) + active_expires.size +
                       length(kIdleExpires) + idle_expires.size + 1;
    if (user_attributes.has_value()) size += length(kUserAttributes) + user_attributes->size();
    char* const text = static_cast<char*>(std::malloc(size + 1));
    if (text == nullptr) throw std::bad_alloc();
    char* out = put(text, kSessionId);
    out = session_id.write(out);
    out = put(out, kUserId);
    out = user_id.write(out);
    out = put(out, kActivePeriod);
    out = put(out, active_period.text, active_period.size);
    out = put(out, kIdlePeriod);
    out = put(out, idle_period.text, idle_period.size);
    out = put(out, kState);
    out = put(out, state.data(), state.size());
    out = put(out, kFresh);
    out = fresh ? put(out, "true") : put(out, "false");
    out = put(out, kActiveExpires);
    out = put(out, active_expires.text, active_expires.size);
    out = put(out, kIdleExpires);
    out = put(out, idle_expires.text, idle_expires.size);
    if (user_attributes.has_value()) {
        out = put(out, kUserAttributes);
        out = put(out, user_attributes->data(), user_attributes->size());
    }
    *out++ = '}';
    *out = '\0';  // JsonText's terminator, not counted
    return JsonText(text, size);
}

}  // namespace lucia
