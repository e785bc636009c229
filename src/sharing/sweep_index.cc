#include "sharing/sweep_index.h"

#include <cstring>
#include <unordered_map>

#include "node/node.h"
#include "sharing/kinds.h"
#include "sharing/service.h"
#include "store/db.h"
#include "store/records.h"

namespace liaison::node {

namespace {

// The node's part of the file (sweep::Index::FileMeta::extra), after the tables:
//   i64 built_after, u32 length + expires_at, u32 set count, each set u32 length + id,
//   then u32 set number per indicator id.
// source_digest names the layout of this part, so that another layout is rebuilt.
constexpr uint64_t kExtraLayout = 0x4c4e4f4445310001ull;  // "LNODE1", 1

template <class T>
void put(std::string& out, T v) {
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
void put_text(std::string& out, std::string_view s) {
  put(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}

class Cursor {
 public:
  explicit Cursor(std::string_view b) : b_(b) {}
  template <class T>
  bool get(T& v) {
    if (b_.size() < sizeof v) return false;
    std::memcpy(&v, b_.data(), sizeof v);
    b_.remove_prefix(sizeof v);
    return true;
  }
  bool get_text(std::string& s) {
    uint32_t n = 0;
    if (!get(n) || b_.size() < n) return false;
    s.assign(b_.substr(0, n));
    b_.remove_prefix(n);
    return true;
  }
  std::string_view rest() const { return b_; }

 private:
  std::string_view b_;
};

std::string node_extra(const NodeIndex& ni) {
  std::string out;
  put(out, ni.built_after);
  put_text(out, ni.expires_at);
  ni.set_of.serialise(out);
  return out;
}

// Whether an indicator-set record was applied after `after`: a range of the local_order
// index, only the records since the file was built.
Result<bool> sets_changed_since(Node& node, int64_t after) {
  bool changed = false;
  LIAISON_RETURN_IF_ERROR(node.pool().read([&](store::Db& db) -> Status {
    LIAISON_ASSIGN_OR_RETURN(changed, store::kind_stored_after(db, after, sharing::kIndicatorSet));
    return Status::ok();
  }));
  return changed;
}

}  // namespace

void SetOfIds::set(size_t id, const std::string& set_id) {
  // Indicators come set by set from the store: the last set is nearly always the one.
  uint32_t n = 0;
  if (!sets_.empty() && sets_.back() == set_id) {
    n = static_cast<uint32_t>(sets_.size() - 1);
  } else {
    auto it = std::find(sets_.begin(), sets_.end(), set_id);
    n = static_cast<uint32_t>(it - sets_.begin());
    if (it == sets_.end()) sets_.push_back(set_id);
  }
  if (number_.size() <= id) number_.resize(id + 1, n);
  number_[id] = n;
}

void SetOfIds::serialise(std::string& out) const {
  put(out, static_cast<uint32_t>(sets_.size()));
  for (const auto& s : sets_) put_text(out, s);
  put(out, static_cast<uint32_t>(number_.size()));
  out.append(reinterpret_cast<const char*>(number_.data()), number_.size() * sizeof(uint32_t));
}

bool SetOfIds::parse(std::string_view bytes, size_t ids) {
  Cursor c(bytes);
  uint32_t n = 0;
  if (!c.get(n) || n > bytes.size()) return false;
  std::vector<std::string> sets(n);
  for (auto& s : sets) {
    if (!c.get_text(s)) return false;
  }
  uint32_t count = 0;
  if (!c.get(count) || count != ids || c.rest().size() != size_t{count} * sizeof(uint32_t)) {
    return false;
  }
  std::vector<uint32_t> number(count);
  if (count > 0) std::memcpy(number.data(), c.rest().data(), c.rest().size());
  for (uint32_t k : number) {
    if (k >= n) return false;
  }
  sets_ = std::move(sets);
  number_ = std::move(number);
  return true;
}

std::string node_index_path(Node& node) { return node.path("sweep.index"); }

Status check_node_index_file(Node& node, std::unique_ptr<NodeIndex>* loaded) {
  auto ni = std::make_unique<NodeIndex>();
  sweep::Index::FileMeta meta;
  LIAISON_RETURN_IF_ERROR(ni->index.load(node_index_path(node), meta));
  Cursor c(meta.extra);
  if (meta.source_digest != kExtraLayout || !c.get(ni->built_after) ||
      !c.get_text(ni->expires_at) || !ni->set_of.parse(c.rest(), ni->index.size())) {
    return failed_precondition("the node's part of the index file is not this version's", "index");
  }
  if (!ni->expires_at.empty() && node.now() >= ni->expires_at) {
    return failed_precondition("an indicator in the index file has expired", "index");
  }
  LIAISON_ASSIGN_OR_RETURN(bool changed, sets_changed_since(node, ni->built_after));
  if (changed)
    return failed_precondition("indicator sets changed since the index file was built", "index");
  if (loaded) *loaded = std::move(ni);
  return Status::ok();
}

Result<std::unique_ptr<NodeIndex>> rebuild_node_index_file(Node& node) {
  LIAISON_ASSIGN_OR_RETURN(std::unique_ptr<NodeIndex> ni, build_node_index(node));
  LIAISON_RETURN_IF_ERROR(ni->index.save(node_index_path(node), {kExtraLayout, node_extra(*ni)}));
  return ni;
}

Result<std::unique_ptr<NodeIndex>> load_node_index(Node& node) {
  std::unique_ptr<NodeIndex> ni;
  if (check_node_index_file(node, &ni).is_ok()) return ni;
  // Out of date or unreadable: built afresh. A file that cannot be written (a read-only
  // data directory) costs the next sweep a build, not this one its result.
  LIAISON_ASSIGN_OR_RETURN(ni, build_node_index(node));
  (void)ni->index.save(node_index_path(node), {kExtraLayout, node_extra(*ni)});
  return ni;
}

void SweepIndexKeeper::start() {
  thread_ = std::thread([this] { run(); });
}

void SweepIndexKeeper::wake() {
  std::lock_guard lock(mu_);
  woken_ = true;
  cv_.notify_all();
}

void SweepIndexKeeper::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    cv_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

uint64_t SweepIndexKeeper::rebuilds() const {
  std::lock_guard lock(mu_);
  return rebuilds_;
}

void SweepIndexKeeper::run() {
  // What the file was last seen to hold, so that a wake costs one query, not a load.
  int64_t built_after = -1;
  std::string expires_at;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return woken_ || stopping_; });
      if (stopping_) return;
      woken_ = false;
    }
    // (A failure to check or write is left for the next wake, or for a sweep to rebuild.)
    if (built_after >= 0 && (expires_at.empty() || node_.now() < expires_at)) {
      auto changed = sets_changed_since(node_, built_after);
      if (changed.is_ok() && !*changed) continue;
    }
    std::unique_ptr<NodeIndex> ni;
    if (!check_node_index_file(node_, &ni).is_ok()) {
      auto fresh = rebuild_node_index_file(node_);
      if (!fresh.is_ok()) continue;
      ni = std::move(*fresh);
      std::lock_guard lock(mu_);
      ++rebuilds_;
    }
    built_after = ni->built_after;
    expires_at = ni->expires_at;
  }
}

}  // namespace liaison::node
