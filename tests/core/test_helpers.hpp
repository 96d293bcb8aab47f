// Assertions shared by the core unit tests.
#pragma once

#include "core/errors.hpp"

#include <gtest/gtest.h>

// Asserts that body throws lucia::Error(InvalidArgument).
template <typename Body>
void expect_invalid_argument(Body&& body) {
    try {
        body();
        ADD_FAILURE() << "no exception";
    } catch (const lucia::Error& e) {
        EXPECT_EQ(e.code(), lucia::ErrorCode::InvalidArgument);
    }
}
