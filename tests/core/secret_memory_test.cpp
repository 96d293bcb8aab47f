// Passwords and their NFKC forms are wiped before their memory is freed (issue 10). This binary
// replaces the global operator new/delete with malloc/free plus an inspection: while a test watches
// for some secret bytes, every block handed back to operator delete is searched for them. Freed
// memory that still holds a password is what a later allocation, a core dump or a swap file sees.
#include "core/password_hash.hpp"
#include "core/secret_string.hpp"
#include "core/unicode.hpp"

#include <gtest/gtest.h>

#include <malloc.h>

#include <array>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <string_view>

namespace {

// What the replaced operator delete looks for; set only around the call under test.
struct Watch {
    std::array<std::string_view, 4> needles{};
    std::atomic<bool> armed{false};
    std::atomic<int> found{0};
};
Watch watch;

// Searches a block about to be freed for any watched secret.
void inspect(void* block) noexcept {
    if (block == nullptr || !watch.armed.load()) return;
    const std::size_t size = malloc_usable_size(block);
    const std::string_view bytes(static_cast<const char*>(block), size);
    for (std::string_view needle : watch.needles) {
        if (!needle.empty() && bytes.find(needle) != std::string_view::npos) watch.found.fetch_add(1);
    }
}

void* allocate(std::size_t size) {
    void* block = std::malloc(size == 0 ? 1 : size);
    if (block == nullptr) throw std::bad_alloc();
    return block;
}

void release(void* block) noexcept {
    inspect(block);
    std::free(block);
}

// UTF-32 (host order) of an ASCII text, as utf8proc's working buffer holds it.
std::string utf32_of(std::string_view ascii) {
    std::string out;
    for (char c : ascii) {
        const std::uint32_t code_point = static_cast<unsigned char>(c);
        out.append(reinterpret_cast<const char*>(&code_point), sizeof code_point);
    }
    return out;
}

// Runs `body` while watching for the needles; returns how many freed blocks still held one.
template <typename Body>
int freed_blocks_holding(std::array<std::string_view, 4> needles, Body body) {
    watch.needles = needles;
    watch.found = 0;
    watch.armed = true;
    body();
    watch.armed = false;
    return watch.found.load();
}

// Long enough to live on the heap in every std::string; NFKC turns the ligature U+FB01 into "fi",
// so the normalised copy differs from what the caller passed.
const std::string kPassword =
    "\xEF\xAC\x81"
    "ve-secret-words-for-the-memory-test";
const std::string kNormalized = "five-secret-words-for-the-memory-test";

}  // namespace

void* operator new(std::size_t size) {
    return allocate(size);
}
void* operator new[](std::size_t size) {
    return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* block) noexcept {
    release(block);
}
void operator delete[](void* block) noexcept {
    release(block);
}
void operator delete(void* block, std::size_t) noexcept {
    release(block);
}
void operator delete[](void* block, std::size_t) noexcept {
    release(block);
}
void operator delete(void* block, const std::nothrow_t&) noexcept {
    release(block);
}
void operator delete[](void* block, const std::nothrow_t&) noexcept {
    release(block);
}

// The inspection itself works: an ordinary std::string is freed with the secret in it.
TEST(SecretMemory, TheInspectionSeesAnUnwipedString) {
    EXPECT_GE(freed_blocks_holding({kNormalized},
                                   [] {
                                       std::string copy = kNormalized;
                                       (void)copy;
                                   }),
              1);
    EXPECT_EQ(freed_blocks_holding({kNormalized},
                                   [] {
                                       lucia::SecretString copy(kNormalized);
                                       (void)copy;
                                   }),
              0);
}

TEST(SecretMemory, SecretStringWipesOnMoveAssignAndGrowth) {
    EXPECT_EQ(freed_blocks_holding({kNormalized, kPassword},
                                   [] {
                                       lucia::SecretString a(kNormalized);
                                       lucia::SecretString b(kPassword);
                                       a = std::move(b);                              // a's old buffer
                                       a.assign(kPassword.data(), kPassword.size());  // same size: in place
                                       std::string grown;
                                       grown.reserve(3 * kPassword.size());
                                       for (int i = 0; i < 3; ++i) grown += kPassword;
                                       a.assign(grown.data(), grown.size());  // grows: old buffer freed
                                       lucia::wipe(grown);
                                       lucia::SecretString c{std::string(kNormalized)};  // takes over a std::string
                                   }),
              0);
}

TEST(SecretMemory, NfkcLeavesNoCopyOfThePassword) {
    const std::string utf32 = utf32_of(kNormalized.substr(4, 16));
    EXPECT_EQ(freed_blocks_holding({kNormalized, kPassword, utf32},
                                   [] {
                                       lucia::SecretString normalized = lucia::nfkc_secret(kPassword);
                                       EXPECT_EQ(normalized.view(), kNormalized);
                                   }),
              0);
}

// The whole check, with both spellings tried (the password and its NFKC form differ).
TEST(SecretMemory, VerifyAndHashLeaveNoCopyOfThePassword) {
    const std::string stored = lucia::hash_password_with_salt(kPassword, "abcdefghijklmnop");
    const std::string utf32 = utf32_of(kNormalized.substr(4, 16));
    const std::string wrong = kPassword + "x";
    EXPECT_EQ(freed_blocks_holding({kNormalized, kPassword, utf32},
                                   [&] {
                                       EXPECT_TRUE(lucia::verify_password(kPassword, stored));
                                       EXPECT_TRUE(lucia::verify_password(kNormalized, stored));
                                       EXPECT_FALSE(lucia::verify_password(wrong, stored));
                                       (void)lucia::hash_password(kPassword);
                                       lucia::spend_dummy_verification(kPassword);
                                   }),
              0);
}
