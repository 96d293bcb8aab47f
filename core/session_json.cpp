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
    std::size_t size() const {
        return text_.size() + (plain_ ? 2 : 0);
    }
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

// A date value in place: the ISO date between quotes, or null outside JavaScript's Date range (as
// JsonObject::add_date writes it). Needs kDateRoom bytes.
char* put_date(char* out, std::int64_t epoch_ms) {
    const std::size_t length = write_iso_date(epoch_ms, out + 1);
    if (length == 0) {
        std::memcpy(out, "null", 4);
        return out + 4;
    }
    out[0] = '"';
    out[length + 1] = '"';
    return out + length + 2;
}
constexpr std::size_t kDateRoom = kIsoDateBufferSize + 2;

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
    // The state names ("active", "idle", "dead") are plain.
    const std::string_view state =
        session_state_name(session_state(now_ms, session.active_expires, session.idle_expires));
    // Room for the longest dates and numbers: the few unused bytes cost less than measuring first.
    std::size_t room = length(kSessionId) + session_id.size() + length(kUserId) + user_id.size() +
                       length(kActivePeriod) + kDateRoom + length(kIdlePeriod) + kDateRoom + length(kState) +
                       state.size() + length(kFresh) + 5 + length(kActiveExpires) + kMaxDecimalLength +
                       length(kIdleExpires) + kMaxDecimalLength + 2;
    if (user_attributes.has_value()) room += length(kUserAttributes) + user_attributes->size();
    char* const text = static_cast<char*>(std::malloc(room));
    if (text == nullptr) throw std::bad_alloc();
    char* out = put(text, kSessionId);
    out = session_id.write(out);
    out = put(out, kUserId);
    out = user_id.write(out);
    out = put(out, kActivePeriod);
    out = put_date(out, session.active_expires);
    out = put(out, kIdlePeriod);
    out = put_date(out, session.idle_expires);
    out = put(out, kState);
    out = put(out, state.data(), state.size());
    out = put(out, kFresh);
    out = fresh ? put(out, "true") : put(out, "false");
    out = put(out, kActiveExpires);
    out = write_decimal(out, session.active_expires);
    out = put(out, kIdleExpires);
    out = write_decimal(out, session.idle_expires);
    if (user_attributes.has_value()) {
        out = put(out, kUserAttributes);
        out = put(out, user_attributes->data(), user_attributes->size());
    }
    *out++ = '}';
    *out = '\0';  // JsonText's terminator, not counted
    return JsonText(text, static_cast<std::size_t>(out - text));
}

}  // namespace lucia
