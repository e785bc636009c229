// Micro benchmarks of the ledger's hot paths: canonical JSON, sealing (hash + Ed25519
// signature) and verification of one record.
#include <benchmark/benchmark.h>

#include "common/crypto.h"
#include "ledger/canonical_json.h"
#include "ledger/record.h"

namespace {

const char* kPayload =
    R"({"content":{"type":"preservation","priority":"P1","title":{"original":"保全日志","lang":"zh-CN",)"
    R"("translation":"Preserve logs","translation_lang":"en"},"identifiers":[{"kind":"ipv4",)"
    R"("value":"203.0.113.45","port":443}]}})";

liaison::ledger::Record sample() {
  liaison::ledger::Record r;
  r.origin = "CN";
  r.seq = 1;
  r.prev_hash = liaison::ledger::kGenesisHash;
  r.kind = "request.draft";
  r.object_id = "id";
  r.payload = kPayload;
  r.created_at = "2026-11-21T00:00:00Z";
  r.recipients = {"US"};
  return r;
}

void BM_Canonicalize(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(liaison::ledger::canonicalize(kPayload));
}
BENCHMARK(BM_Canonicalize);

void BM_Seal(benchmark::State& state) {
  liaison::crypto_init();
  auto key = liaison::ledger::SigningKey::generate();
  for (auto _ : state) {
    auto r = sample();
    benchmark::DoNotOptimize(liaison::ledger::seal(r, key));
  }
}
BENCHMARK(BM_Seal);

void BM_Verify(benchmark::State& state) {
  liaison::crypto_init();
  auto key = liaison::ledger::SigningKey::generate();
  auto r = sample();
  (void)liaison::ledger::seal(r, key);
  std::string pk = key.public_key();
  for (auto _ : state) benchmark::DoNotOptimize(liaison::ledger::verify_record(r, pk));
}
BENCHMARK(BM_Verify);

}  // namespace

BENCHMARK_MAIN();
