#include "core/setting_values.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <clocale>
#include <cstdint>
#include <string>
#include <utility>

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

// What PostgreSQL 15 itself answers for lucia.active_period (set_config on a real server, run on
// 2026-12-02): SQLite's lucia_set_config must store the same number of seconds, or refuse. Before,
// "010" was 10 s here and 8 s there (strtol reads octal), "1.51h" 5436 s here and 91min there
// (PostgreSQL rounds to the next smaller unit first), "us" and a trailing newline were refused here
// only, and "0x1p4" (a hexadecimal float) was accepted here only.
TEST(SettingValues, DurationsAsPostgreSQL15ReadsThem) {
    using namespace std::string_literals;
    const std::pair<std::string, std::int64_t> accepted[] = {
        {"1.501d", 129600}, {"1.51h", 5460},  {"1.999min", 120},
        {"5000000us", 5},   {"2500000us", 2}, {"0100", 64},
        {"010", 8},         {"0x10", 16},     {"0x1.8", 2},
        {"5\n", 5},         {"\n5", 5},       {"5\rs", 5},
        {"0.5s", 0},        {"2.5", 2},       {"3.5", 4},
        {"0.0005d", 0},     {"-0", 0},        {"1E3", 1000},
        {"1e3", 1000},      {"1.5e3", 1500},  {".5", 0},
        {"+7", 7},          {" 5 min ", 300}, {"1500ms", 2},
        {"500ms", 0},       {"-0.4", 0},      {"2147483647.4", 2147483647}};
    for (const auto& [text, seconds] : accepted) {
        try {
            EXPECT_EQ(lucia::parse_duration_seconds(text), seconds) << text;
        } catch (const lucia::Error& error) {
            ADD_FAILURE() << text << ": " << error.what();
        }
    }
    for (const std::string& text : {"0x1p4"s, "-.5"s, " .5"s, "1e-400"s, "08"s, "-0x1"s, "S"s, "5 S"s, "5s5"s,
                                    "infinity"s, "1e10"s, "5 usx"s, "5 dd"s})
        EXPECT_THROW(lucia::parse_duration_seconds(text), lucia::Error) << text;
}

// PostgreSQL reads a boolean or a choice as written: a blank before or after it is refused
// (SET lucia.renewal = ' extend' fails there), and lucia_set_config must not accept it either.
TEST(SettingValues, BooleansAndChoicesAreNotTrimmed) {
    for (const char* text : {" on", "on ", "\ton", "off\t", " 1"})
        EXPECT_THROW(lucia::parse_setting_bool(text), lucia::Error) << text;
    for (const char* text : {" extend", "extend ", "\textend"})
        EXPECT_THROW(lucia::parse_setting_enum(text, {"rotate", "extend"}), lucia::Error) << text;
    EXPECT_TRUE(lucia::parse_setting_bool("ye"));
    EXPECT_FALSE(lucia::parse_setting_bool("of"));
    EXPECT_EQ(lucia::parse_setting_enum("DEV", {"prod", "dev"}), 1u);
}

// The host process's LC_NUMERIC must not change how a duration reads: PostgreSQL's server reads
// it in the "C" locale. Before, under de_DE.UTF-8 (which scripts/install-deps.sh makes), strtod
// read "1.5h" as 1 followed by the unit ".5h", and lucia_set_config refused it.
TEST(SettingValues, DurationsIgnoreTheHostsNumericLocale) {
    struct NumericLocale {
        std::string saved = std::setlocale(LC_NUMERIC, nullptr);
        ~NumericLocale() {
            std::setlocale(LC_NUMERIC, saved.c_str());
        }
    } restore;
    ASSERT_NE(std::setlocale(LC_NUMERIC, "de_DE.UTF-8"), nullptr) << "locale de_DE.UTF-8 is missing";
    EXPECT_EQ(lucia::parse_duration_seconds("1.5h"), 5400);
    EXPECT_EQ(lucia::parse_duration_seconds("0x1.8"), 2);
    EXPECT_EQ(lucia::parse_duration_seconds("1.5e3"), 1500);
    EXPECT_EQ(lucia::parse_duration_seconds("-0.4"), 0);
    EXPECT_THROW(lucia::parse_duration_seconds("1,5h"), lucia::Error);
}
