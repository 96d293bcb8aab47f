// core/authenticated_user: nobody until a validated session's user is set; an authentication
// forgets the earlier user first; clearing forgets it.
#include "core/authenticated_user.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(AuthenticatedUser, NobodyAtFirst) {
    lucia::AuthenticatedUser user;
    EXPECT_EQ(user.user_id(), nullptr);
}

TEST(AuthenticatedUser, AuthenticateSetsTheUser) {
    lucia::AuthenticatedUser user;
    user.begin_authentication();
    user.authenticate("ada");
    ASSERT_NE(user.user_id(), nullptr);
    EXPECT_EQ(*user.user_id(), "ada");
    user.authenticate("bob");
    EXPECT_EQ(*user.user_id(), "bob");
}

// A failed lucia_authenticate stops after begin_authentication: nobody is left authenticated.
TEST(AuthenticatedUser, BeginningAnAuthenticationForgetsTheEarlierUser) {
    lucia::AuthenticatedUser user;
    user.authenticate("ada");
    user.begin_authentication();
    EXPECT_EQ(user.user_id(), nullptr);
}

TEST(AuthenticatedUser, ClearForgetsTheUser) {
    lucia::AuthenticatedUser user;
    user.authenticate("ada");
    user.clear();
    EXPECT_EQ(user.user_id(), nullptr);
    user.clear();
    EXPECT_EQ(user.user_id(), nullptr);
}

// An empty id is a user id like any other (the tables decide what ids exist), not "nobody".
TEST(AuthenticatedUser, AnEmptyIdIsNotNobody) {
    lucia::AuthenticatedUser user;
    user.authenticate(std::string());
    ASSERT_NE(user.user_id(), nullptr);
    EXPECT_EQ(*user.user_id(), "");
}

}  // namespace
