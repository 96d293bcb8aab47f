#include "core/setting_values.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <string>

// The same spellings PostgreSQL accepts for a GUC_UNIT_S setting.
TEST(SettingValues, Durations) {
    EXPECT_EQ(lucia::parse_duration_seconds("3600"), 3600);
    EXPECT_EQ(lucia::parse_duration_seconds("90min"), 5400);
    EXPECT_EQ(lucia::parse_duration_seconds(" 1h "), 3600);
    EXPECT_EQ(lucia::parse_duration_seconds("14d"), 1209600);
    EXPECT_EQ(lucia::parse_duration_seconds("1500ms"), 2);
    EXPECT_EQ(lucia::parse_duration_seconds("1.5h"), 5400);
    EXPECT_EQ(lucia::parse_duration_seconds("0"), 0);
    EXPECT_THROW(lucia::parse_duration_seconds("-1"), lucia::Error);
    EXPECT_THROW(lucia::parse_duration_seconds("1 week"), lucia::Error);
    EXPECT_THROW(lucia::parse_duration_seconds(""), lucia::Error);
    EXPECT_THROW(lucia::parse_duration_seconds("nan"), lucia::Error);
    EXPECT_THROW(lucia::parse_duration_seconds("2147483648"), lucia::Error);
}

// What SHOW prints for those values.
TEST(SettingValues, DurationDisplay) {
    EXPECT_EQ(lucia::format_duration_seconds(86400), "1d");
    EXPECT_EQ(lucia::format_duration_seconds(1209600), "14d");
    EXPECT_EQ(lucia::format_duration_seconds(5400), "90min");
    EXPECT_EQ(lucia::format_duration_seconds(3600), "1h");
    EXPECT_EQ(lucia::format_duration_seconds(45), "45s");
    EXPECT_EQ(lucia::format_duration_seconds(0), "0");
}

TEST(SettingValues, BooleansAndEnums) {
    EXPECT_TRUE(lucia::parse_setting_bool("on"));
    EXPECT_TRUE(lucia::parse_setting_bool("TRUE"));
    EXPECT_TRUE(lucia::parse_setting_bool("1"));
    EXPECT_FALSE(lucia::parse_setting_bool("off"));
    EXPECT_FALSE(lucia::parse_setting_bool("no"));
    EXPECT_FALSE(lucia::parse_setting_bool("f"));
    EXPECT_THROW(lucia::parse_setting_bool("o"), lucia::Error);
    EXPECT_THROW(lucia::parse_setting_bool("maybe"), lucia::Error);
    EXPECT_EQ(lucia::parse_setting_enum("Extend", {"rotate", "extend"}), 1u);
    EXPECT_THROW(lucia::parse_setting_enum("sometimes", {"rotate", "extend"}), lucia::Error);
}

// Found by tests/fuzz/fuzz_setting_values: strtod stopped at the NUL and the unit was read as a C
// string, so "1\0x" was accepted as 1 second (issue 10 item 9). A NUL or anything after the unit
// is refused for every kind of setting.
TEST(SettingValues, NulOrTrailingGarbageIsRefused) {
    using namespace std::string_literals;
    for (const std::string& text : {"1\0x"s, "1\0"s, "1h\0garbage"s, "1\0h"s, "\0"s, "1 h x"s, "1hx"s, "1e"s}) {
        EXPECT_THROW(lucia::parse_duration_seconds(text), lucia::Error) << text.size();
    }
    for (const std::string& text : {"on\0"s, "on\0x"s, "\0on"s, "1\0"s}) {
        EXPECT_THROW(lucia::parse_setting_bool(text), lucia::Error) << text.size();
    }
    EXPECT_THROW(lucia::parse_setting_enum("extend\0x"s, {"rotate", "extend"}), lucia::Error);
}
