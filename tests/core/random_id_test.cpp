#include "core/random_id.hpp"

#include "core/errors.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <string>
#include <thread>

namespace {

using lucia::generate_random_string;
using lucia::kIdAlphabet;

// Index of c in kIdAlphabet, or -1.
int alphabet_index(char c) {
    const char* p = std::strchr(kIdAlphabet, c);
    return (p == nullptr || c == '\0') ? -1 : static_cast<int>(p - kIdAlphabet);
}

TEST(RandomId, AlphabetIsLucias) {
    EXPECT_STREQ(kIdAlphabet, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ1234567890");
    EXPECT_EQ(std::strlen(kIdAlphabet), 62u);
}

TEST(RandomId, LengthsAndAlphabet) {
    for (std::size_t length : {std::size_t{1}, lucia::kUserIdLength, lucia::kSaltLength, lucia::kSessionIdLength,
                               std::size_t{257}, lucia::kMaxRandomStringLength}) {
        const std::string id = generate_random_string(length);
        ASSERT_EQ(id.size(), length);
        for (char c : id) {
            ASSERT_GE(alphabet_index(c), 0) << "unexpected symbol " << int(c);
        }
    }
}

TEST(RandomId, TwoCallsDiffer) {
    EXPECT_NE(generate_random_string(40), generate_random_string(40));
}

// Reads what the child wrote to the pipe, then reaps it.
std::string read_from_child(int fd, pid_t child) {
    std::string text;
    char chunk[64];
    ssize_t n;
    while ((n = read(fd, chunk, sizeof chunk)) > 0) text.append(chunk, static_cast<std::size_t>(n));
    close(fd);
    int status = 0;
    waitpid(child, &status, 0);
    return text;
}

// The bytes are buffered: a forked child (a PostgreSQL backend forked from a postmaster that
// already made an id) must not serve the bytes its parent serves next.
TEST(RandomId, ForkedChildDoesNotRepeatTheParent) {
    generate_random_string(40);  // the buffer now holds unused bytes
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        const std::string id = generate_random_string(40);
        ssize_t written = write(fds[1], id.data(), id.size());
        _exit(written == 40 ? 0 : 1);
    }
    close(fds[1]);
    const std::string parent_id = generate_random_string(40);
    const std::string child_id = read_from_child(fds[0], child);
    ASSERT_EQ(child_id.size(), 40u);
    EXPECT_NE(parent_id, child_id);
}

// Each thread has its own buffer: two threads never serve the same bytes.
TEST(RandomId, ThreadsDoNotShareBytes) {
    std::string first, second;
    std::thread a([&] { first = generate_random_string(lucia::kMaxRandomStringLength); });
    std::thread b([&] { second = generate_random_string(lucia::kMaxRandomStringLength); });
    a.join();
    b.join();
    EXPECT_NE(first, second);
}

TEST(RandomId, RejectsBadLengths) {
    EXPECT_THROW(generate_random_string(0), lucia::Error);
    EXPECT_THROW(generate_random_string(lucia::kMaxRandomStringLength + 1), lucia::Error);
    try {
        generate_random_string(0);
    } catch (const lucia::Error& e) {
        EXPECT_EQ(e.code(), lucia::ErrorCode::InvalidArgument);
    }
}

TEST(RandomId, RoughlyUniform) {
    // 200 000 symbols over 62 cells: chi-square has 61 degrees of freedom (mean 61, sd ~11),
    // so a bound of 200 only fails for a broken generator, e.g. one that keeps indices 62/63 mod 62.
    constexpr int kCalls = 5000;
    constexpr int kLength = 40;
    std::array<long, 62> counts{};
    for (int i = 0; i < kCalls; ++i) {
        for (char c : generate_random_string(kLength)) {
            ++counts[static_cast<std::size_t>(alphabet_index(c))];
        }
    }
    const double expected = double(kCalls) * kLength / 62.0;
    double chi2 = 0;
    for (long count : counts) {
        EXPECT_GT(count, 0);
        chi2 += (count - expected) * (count - expected) / expected;
    }
    EXPECT_LT(chi2, 200.0);
}

}  // namespace
