// OpenSSL's EVP_PBE_scrypt with Lucia's parameters (N=16384, r=16, p=1, 64 bytes), in-process:
// the floor under lucia_validate_key. Prints the median milliseconds per derivation.
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

int main(int argc, char** argv) {
    int runs = argc > 1 ? std::atoi(argv[1]) : 15;
    const char password[] = "correct horse battery staple";
    const unsigned char salt[] = "abcdefghijklmnop";
    unsigned char key[64];
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        if (EVP_PBE_scrypt(password, sizeof(password) - 1, salt, 16, 16384, 16, 1, 64ull << 20, key, sizeof(key)) != 1)
            return 1;
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%.3f\n", ms[ms.size() / 2]);
    return 0;
}
