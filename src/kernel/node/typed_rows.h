// The typed projections of the documents a `SELECT doc …` returned: a damaged document is
// logged (what it is, what is wrong, its first bytes) and left out, so one bad row neither
// hides the others nor stops a background pass. For repositories; include from .cc files.
#pragma once

#include <spdlog/spdlog.h>

#include <string>
#include <vector>

namespace liaison::node {

// `from_text(const std::string&) -> Result<T>` on each of `texts`; `what` names the kind of
// document in the log ("hotline escalation", "reports priority case").
template <typename T, typename FromText>
std::vector<T> typed_rows(const std::vector<std::string>& texts, const char* what,
                          FromText from_text) {
  std::vector<T> out;
  out.reserve(texts.size());
  for (const auto& t : texts) {
    auto v = from_text(t);
    if (!v.is_ok()) {
      spdlog::warn("skipped a damaged {} document: {} ({})", what, v.status().message(),
                   t.substr(0, 80));
      continue;
    }
    out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace liaison::node
