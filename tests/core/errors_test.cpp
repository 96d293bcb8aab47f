#include "core/errors.hpp"
#include "core/session_expiry.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace {

using lucia::Error;
using lucia::ErrorCode;

struct CodeRow {
    ErrorCode code;
    const char* name;
    const char* sqlstate;
};

const std::vector<CodeRow> kRows = {
    {ErrorCode::InvalidSessionId, "AUTH_INVALID_SESSION_ID", "LU001"},
    {ErrorCode::InvalidPassword, "AUTH_INVALID_PASSWORD", "LU002"},
    {ErrorCode::DuplicateKeyId, "AUTH_DUPLICATE_KEY_ID", "LU003"},
    {ErrorCode::InvalidKeyId, "AUTH_INVALID_KEY_ID", "LU004"},
    {ErrorCode::InvalidUserId, "AUTH_INVALID_USER_ID", "LU005"},
    {ErrorCode::DuplicateSessionId, "AUTH_DUPLICATE_SESSION_ID", "LU006"},
    {ErrorCode::ExpiredKey, "AUTH_EXPIRED_KEY", "LU007"},
    {ErrorCode::OutdatedPassword, "AUTH_OUTDATED_PASSWORD", "LU008"},
    {ErrorCode::InvalidRequest, "AUTH_INVALID_REQUEST", "LU009"},
    {ErrorCode::UnknownError, "UNKNOWN_ERROR", "LU000"},
    {ErrorCode::InvalidArgument, "AUTH_INVALID_ARGUMENT", "LU010"},
    {ErrorCode::DuplicateUserId, "AUTH_DUPLICATE_USER_ID", "LU011"},
    {ErrorCode::PrimaryRequired, "AUTH_PRIMARY_REQUIRED", "LU012"},
    {ErrorCode::UnsafeSetup, "AUTH_UNSAFE_SETUP", "LU013"},
};

TEST(Errors, NamesMatchLucia) {
    for (const CodeRow& row : kRows) {
        EXPECT_STREQ(lucia::error_code_name(row.code), row.name);
    }
}

TEST(Errors, SqlStatesAreDocumentedAndDistinct) {
    std::set<std::string> seen;
    for (const CodeRow& row : kRows) {
        EXPECT_STREQ(lucia::error_sqlstate(row.code), row.sqlstate) << row.name;
        EXPECT_EQ(std::string(lucia::error_sqlstate(row.code)).size(), 5u);
        seen.insert(lucia::error_sqlstate(row.code));
    }
    EXPECT_EQ(seen.size(), kRows.size());
}

TEST(Errors, EnumOrderIsStable) {
    // The PostgreSQL bridge mirrors the enum as plain integers.
    EXPECT_EQ(static_cast<int>(ErrorCode::InvalidSessionId), 0);
    EXPECT_EQ(static_cast<int>(ErrorCode::UnknownError), 9);
    EXPECT_EQ(static_cast<int>(ErrorCode::DuplicateUserId), 11);
    EXPECT_EQ(static_cast<int>(ErrorCode::PrimaryRequired), 12);
    EXPECT_EQ(static_cast<int>(ErrorCode::UnsafeSetup), 13);
}

TEST(Errors, ListInErrorCodesDefIsTheTableAbove) {
    // core/error_codes.def generates both enums; this table, written out by hand, must agree.
    std::vector<CodeRow> listed = {
#define LUCIA_ROW(cpp_name, c_name, name, sqlstate) {ErrorCode::cpp_name, name, sqlstate},
        LUCIA_ERROR_CODES(LUCIA_ROW)
#undef LUCIA_ROW
    };
    ASSERT_EQ(listed.size(), kRows.size());
    for (std::size_t i = 0; i < kRows.size(); ++i) {
        EXPECT_EQ(static_cast<int>(listed[i].code), static_cast<int>(i));
        EXPECT_EQ(listed[i].code, kRows[i].code);
        EXPECT_STREQ(listed[i].name, kRows[i].name);
        EXPECT_STREQ(listed[i].sqlstate, kRows[i].sqlstate);
    }
}

TEST(Errors, SessionStateWordsAreTheListed) {
    int index = 0;
#define LUCIA_STATE_CHECK(cpp_name, c_name, word)                                \
    EXPECT_EQ(static_cast<int>(lucia::SessionState::cpp_name), index++) << word; \
    EXPECT_STREQ(lucia::session_state_name(lucia::SessionState::cpp_name), word);
    LUCIA_SESSION_STATES(LUCIA_STATE_CHECK)
#undef LUCIA_STATE_CHECK
    EXPECT_EQ(index, 3);
}

TEST(Errors, WhatCarriesCodeAndDetail) {
    const Error error(ErrorCode::InvalidSessionId, "session id must be 40 characters");
    EXPECT_EQ(error.code(), ErrorCode::InvalidSessionId);
    EXPECT_EQ(error.detail(), "session id must be 40 characters");
    EXPECT_STREQ(error.what(), "AUTH_INVALID_SESSION_ID: session id must be 40 characters");
}

TEST(Errors, IsARuntimeError) {
    try {
        throw Error(ErrorCode::ExpiredKey, "key expired");
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "AUTH_EXPIRED_KEY: key expired");
        return;
    }
    FAIL() << "not caught as std::runtime_error";
}

}  // namespace
