// The time of each outcome of a login (lucia::check_key_use, as lucia_validate_key runs it) beside
// that of an unknown key id: the side-by-side check of docs/security.md "Timing". Not a test (timed
// tests are forbidden; tests/core/key_use_test.cpp counts the work instead). Prints one row per
// outcome: median milliseconds and the ratio to the unknown key's median.
#include "core/errors.hpp"
#include "core/key_use.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace {

// Median milliseconds of `runs` calls of `body`.
double median_ms(int runs, const std::function<void()>& body) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        body();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

// One failed login against a stored hash; the error is the expected outcome.
void login(const std::string& stored) {
    try {
        lucia::check_key_use({std::string_view(stored), false, std::nullopt}, std::string_view("wrong password"), 0);
    } catch (const lucia::Error&) {
    }
}

}  // namespace

int main(int argc, char** argv) {
    const int runs = argc > 1 ? std::atoi(argv[1]) : 15;
    const std::string s2 = "s2:abcdefghijklmnop:" + std::string(128, '0');
    const std::string legacy = "abcdefghijklmnop:" + std::string(128, '0');
    const std::string bcrypt = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
    const double unknown = median_ms(runs, [] { lucia::spend_unknown_key_work(std::string_view("wrong password")); });
    std::printf("%-22s %8s %6s\n", "outcome", "ms", "ratio");
    std::printf("%-22s %8.3f %6.2f\n", "unknown key id", unknown, 1.0);
    const std::pair<const char*, const std::string*> rows[] = {
        {"wrong password, s2", &s2}, {"wrong password, legacy", &legacy}, {"bcrypt (outdated)", &bcrypt}};
    for (const auto& [name, stored] : rows) {
        const double ms = median_ms(runs, [&] { login(*stored); });
        std::printf("%-22s %8.3f %6.2f\n", name, ms, ms / unknown);
    }
    const std::string malformed = "s3:abc:def";
    const double ms = median_ms(runs, [&] { login(malformed); });
    std::printf("%-22s %8.3f %6.2f\n", "malformed hash", ms, ms / unknown);
    return 0;
}
