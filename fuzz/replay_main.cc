// Without libFuzzer (GCC builds) each fuzzer is linked with this driver, which replays the
// files named on its command line through LLVMFuzzerTestOneInput, so the corpus and every
// kept crash run as regression inputs in the normal build.
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#if !defined(LIAISON_LIBFUZZER)
int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::ifstream f(argv[i], std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    std::string s = ss.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
    std::printf("replayed %s (%zu bytes)\n", argv[i], s.size());
  }
  return 0;
}
#endif
