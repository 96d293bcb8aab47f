// The JSON result writer every engine uses: the exact bytes of each kind of value.
#include "core/json_writer.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace {

TEST(JsonWriter, SessionShapedObjectIsByteExact) {
    lucia::JsonObject object;
    object.add("session_id", "abc").add("user_id", "u1");
    object.add_date("active_period_expires_at", 1700000000000).add_date("idle_period_expires_at", 1700000000123);
    object.add("state", "active").add("fresh", false).add("active_expires", std::int64_t{1700000000000});
    object.add_json("user_attributes", "{\"a\":1}");
    EXPECT_EQ(object.str(),
              "{\"session_id\":\"abc\",\"user_id\":\"u1\",\"active_period_expires_at\":\"2023-11-14T22:13:20.000Z\","
              "\"idle_period_expires_at\":\"2023-11-14T22:13:20.123Z\",\"state\":\"active\",\"fresh\":false,"
              "\"active_expires\":1700000000000,\"user_attributes\":{\"a\":1}}");
}

TEST(JsonWriter, EmptyObject) {
    EXPECT_EQ(lucia::JsonObject().str(), "{}");
}

TEST(JsonWriter, StringsAreEscaped) {
    EXPECT_EQ(lucia::json_string("a\"b\\c\n\r\t\b\f\x01"), "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\"");
    EXPECT_EQ(lucia::json_string("\xc3\xa9"), "\"\xc3\xa9\"");
}

// Every byte value at every position of a 16-byte string (the writer checks eight bytes at a time):
// plain ASCII is copied, anything else escaped or replaced.
TEST(JsonWriter, EachByteAtEachPositionIsDetected) {
    for (int byte = 0; byte < 256; ++byte) {
        for (std::size_t position = 0; position < 16; ++position) {
            std::string text(16, 'a');
            text[position] = static_cast<char>(byte);
            std::string quoted = "\"" + text + "\"";
            bool plain = byte >= 0x20 && byte < 0x80 && byte != '"' && byte != '\\';
            if (plain)
                EXPECT_EQ(lucia::json_string(text), quoted) << byte << " at " << position;
            else
                EXPECT_NE(lucia::json_string(text), quoted) << byte << " at " << position;
        }
    }
}

TEST(JsonWriter, MalformedUtf8BecomesReplacementCharacter) {
    EXPECT_EQ(lucia::json_string("a\xff"
                                 "b\xc3"),
              "\"a\xef\xbf\xbd"
              "b\xef\xbf\xbd\"");
}

TEST(JsonWriter, OddFieldNamesAreEscaped) {
    EXPECT_EQ(lucia::JsonObject().add("we\"ird", std::int64_t{-5}).add_null("x").str(),
              "{\"we\\\"ird\":-5,\"x\":null}");
    std::string long_name(120, 'n');
    EXPECT_EQ(lucia::JsonObject().add(long_name, true).str(), "{\"" + long_name + "\":true}");
}

TEST(JsonWriter, DoublesShortestAndNonFiniteNull) {
    EXPECT_EQ(lucia::JsonObject().add("d", 0.1).add("e", 1.5).str(), "{\"d\":0.1,\"e\":1.5}");
    EXPECT_EQ(lucia::JsonObject().add("n", std::nan("")).add("i", std::numeric_limits<double>::infinity()).str(),
              "{\"n\":null,\"i\":null}");
}

TEST(JsonWriter, DateOutsideJavaScriptRangeIsNull) {
    EXPECT_EQ(lucia::JsonObject().add_date("d", std::numeric_limits<std::int64_t>::max()).str(), "{\"d\":null}");
}

}  // namespace
