#include "core/unicode.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using lucia::is_valid_utf8;
using lucia::nfkc;
using namespace std::string_literals;

// Expected outputs checked with Node 20: Buffer.from(s.normalize("NFKC")).toString("hex").
TEST(Nfkc, LigatureBecomesLetters) {
    EXPECT_EQ(nfkc("\xEF\xAC\x81sh"), "fish");  // U+FB01
}

TEST(Nfkc, DecomposedBecomesPrecomposed) {
    EXPECT_EQ(nfkc("pa\xCC\x88sswo\xCC\x88rd"), "p\xC3\xA4ssw\xC3\xB6rd");
    EXPECT_EQ(nfkc("pa\xCC\x88sswo\xCC\x88rd"), "\x70\xc3\xa4\x73\x73\x77\xc3\xb6\x72\x64");
}

TEST(Nfkc, HangulJamoCompose) {
    EXPECT_EQ(nfkc("\xE1\x84\x80\xE1\x85\xA1\xE1\x86\xA8"), "\xEA\xB0\x81");  // U+1100 U+1161 U+11A8
}

TEST(Nfkc, FullWidthAndCompatibility) {
    EXPECT_EQ(nfkc("\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91"), "ABC1");
    EXPECT_EQ(nfkc("\xC2\xBD"),
              "1\xE2\x81\x84"
              "2");                               // one half
    EXPECT_EQ(nfkc("\xE2\x84\xA6"), "\xCE\xA9");  // ohm sign to omega
    EXPECT_EQ(nfkc("x\xC2\xA0y"), "x y");         // no-break space
    EXPECT_EQ(nfkc("\xE1\xBA\x9B\xCC\xA3"), "\xE1\xB9\xA9");
}

TEST(Nfkc, AsciiAndEmptyUnchanged) {
    EXPECT_EQ(nfkc(""), "");
    EXPECT_EQ(nfkc("hunter2"), "hunter2");
}

TEST(Nfkc, EmbeddedNulIsKept) {
    EXPECT_EQ(nfkc("a\0b"s), "a\0b"s);
}

TEST(Nfkc, RejectsInvalidUtf8) {
    try {
        nfkc("\xC0\x80");
        FAIL() << "no exception";
    } catch (const lucia::Error& e) {
        EXPECT_EQ(e.code(), lucia::ErrorCode::InvalidArgument);
    }
}

TEST(Utf8, AcceptsWellFormed) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8("\0"s));
    EXPECT_TRUE(is_valid_utf8("\xC2\x80"));          // U+0080
    EXPECT_TRUE(is_valid_utf8("\xDF\xBF"));          // U+07FF
    EXPECT_TRUE(is_valid_utf8("\xE0\xA0\x80"));      // U+0800
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));      // U+D7FF
    EXPECT_TRUE(is_valid_utf8("\xEE\x80\x80"));      // U+E000
    EXPECT_TRUE(is_valid_utf8("\xEF\xBF\xBF"));      // U+FFFF
    EXPECT_TRUE(is_valid_utf8("\xF0\x90\x80\x80"));  // U+10000
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
    EXPECT_TRUE(is_valid_utf8("p\xC3\xA4sswo\xCC\x88rd"));
}

TEST(Utf8, RejectsOverlongs) {
    EXPECT_FALSE(is_valid_utf8("\xC0\x80"));
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x80\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));
}

TEST(Utf8, RejectsSurrogatesAndOutOfRange) {
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
    EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xFF"));
    EXPECT_FALSE(is_valid_utf8("\xFE"));
}

TEST(Utf8, RejectsTruncatedAndStray) {
    EXPECT_FALSE(is_valid_utf8("\xC3"));
    EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
    EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));
    EXPECT_FALSE(is_valid_utf8("abc\xF0\x9F\x98"));
    EXPECT_FALSE(is_valid_utf8("\x80"));
    EXPECT_FALSE(
        is_valid_utf8("a\xBF"
                      "b"));
    EXPECT_FALSE(is_valid_utf8("\xC3\x28"));  // lead followed by ASCII
    EXPECT_FALSE(is_valid_utf8("\xE2\x28\xA1"));
}

}  // namespace
