// A request's evidence package (evidence/package.h) for the console's Export button.
#include "evidence/routes.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/crypto.h"
#include "evidence/package.h"
#include "http/api_internal.h"

namespace liaison::http {

namespace {

Response export_evidence(Context& ctx) {
  const std::string id = ctx.params["id"];
  // Written under DATA/run (0700) and read back: the package is built by the same code as
  // `liaison evidence export`, then removed.
  const std::string path = ctx.node.path("run/evidence-" + new_uuid() + ".zip");
  auto done = evidence::export_package(ctx.node, ctx.actor, id, path);
  if (!done.is_ok()) return error_response(done.status());
  std::ostringstream bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes << in.rdbuf();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  Response r;
  r.status = 200;
  r.content_type = "application/zip";
  std::string safe;
  for (char c : id) safe += std::isalnum(static_cast<unsigned char>(c)) || c == '-' ? c : '_';
  r.set_header("Content-Disposition", "attachment; filename=\"evidence-" + safe + ".zip\"");
  r.set_header("Cache-Control", "no-store");
  r.body = bytes.str();
  return r;
}

}  // namespace

void add_evidence_routes(std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/requests/{id}/evidence", all_role_set(), export_evidence});
}

}  // namespace liaison::http
