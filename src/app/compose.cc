#include "app/compose.h"

#include <cstdio>
#include <cstdlib>

#include "directory/hotline_feed.h"
#include "directory/kinds.h"
#include "directory/routes.h"
#include "directory/service.h"
#include "evidence/routes.h"
#include "hotline/case_feed.h"
#include "hotline/clock_feed.h"
#include "hotline/directory_feed.h"
#include "hotline/kinds.h"
#include "hotline/reach.h"
#include "hotline/routes.h"
#include "inbox/inbox.h"
#include "inbox/routes.h"
#include "reports/case_clocks.h"
#include "reports/kinds.h"
#include "reports/routes.h"
#include "requests/kinds.h"
#include "requests/notices.h"
#include "requests/repository.h"
#include "requests/routes.h"
#include "requests/service.h"
#include "sharing/kinds.h"
#include "sharing/routes.h"

namespace liaison::app {

namespace {

ledger::KindRegistry compose_kinds() {
  ledger::KindRegistry kinds;
  for (const ledger::KindSet& set :
       {requests::record_kinds(), sharing::record_kinds(), hotline::record_kinds(),
        directory::record_kinds(), reports::record_kinds(), inbox::record_kinds()}) {
    if (Status st = kinds.add(set); !st.is_ok()) {
      // A programming error in the composition, found on the first run of any test.
      std::fprintf(stderr, "liaison: %s\n", st.to_string().c_str());
      std::abort();
    }
  }
  return kinds;
}

}  // namespace

const ledger::KindRegistry& record_kinds() {
  static const ledger::KindRegistry kinds = compose_kinds();
  return kinds;
}

std::vector<http::Route> routes() {
  std::vector<http::Route> out;
  http::add_request_routes(out);
  http::add_evidence_routes(out);
  http::add_contact_routes(out);
  http::add_indicator_routes(out);
  http::add_hotline_routes(out);
  http::add_report_routes(out);
  http::add_inbox_routes(out);
  // Every capability's routes under a request take its reference as well as its id.
  for (auto& r : out) {
    if (r.pattern.starts_with("/api/v1/requests/{id}"))
      r.fn = http::by_request_ref(std::move(r.fn));
  }
  return out;
}

bool offloaded(const http::Request& req) { return http::is_search(req); }

http::Response offload_busy_response() { return http::search_busy_response(); }

Result<std::unique_ptr<node::Node>> open_node(const std::string& dir, const Clock& clock) {
  // The hotline watches requests (hotline/case_feed.h); set once for the process.
  hotline::set_case_feed(requests::case_feed());
  // ...and the clocks of priority cases and leads (hotline/clock_feed.h), once per name.
  hotline::add_clock_feed("reports.cases", reports::case_clock_feed());
  hotline::add_clock_feed("reports.leads", reports::lead_clock_feed());
  // ...and reads the 24/7 directory (on-call details, stale entries) through its feed.
  hotline::set_directory_feed(directory::hotline_feed());
  // The inbox's notices: which records make them, and how they go out by e-mail/webhook.
  requests::add_notice_sources();
  inbox::set_forwarder(hotline::forward_notice);
  LIAISON_ASSIGN_OR_RETURN(auto node, node::Node::open(dir, clock, record_kinds()));
  // The 24/7 directory written before a party was known reaches it too.
  node->on_party_added(node::publish_directory_to);
  // Requests' attachments are the files that cross between parties (node/transfers.h).
  node->add_blob_owner(node::attachment_blobs());
  LIAISON_RETURN_IF_ERROR(node::directory_on_open(*node));
  return node;
}

Result<node::InitResult> init_node(const node::InitOptions& opts, const Clock& clock) {
  return node::init_node(opts, clock, record_kinds());
}

}  // namespace liaison::app
