#include "app/jobs.h"

#include "federation/blob_fetch.h"
#include "federation/sync.h"
#include "hotline/engine.h"
#include "inbox/inbox.h"
#include "reports/attester.h"
#include "sharing/sweep_index.h"

namespace liaison::app {

struct Jobs::Parts {
  Parts(node::Node& node, const federation::ClientIdentity& id,
        const node::HotlineEngineOptions& engine_opts)
      : syncer(node, id),
        fetcher(node, id),
        engine(node, engine_opts),
        sweep_index(node),
        attester(node),
        inbox(node) {}
  federation::Syncer syncer;
  federation::BlobFetcher fetcher;
  node::HotlineEngine engine;
  node::SweepIndexKeeper sweep_index;  // rebuilds <data>/sweep.index after changes
  reports::ReportAttester attester;    // countersigns or dissents from the other party's reports
  inbox::Collector inbox;              // turns new records into users' notices
};

Result<std::unique_ptr<Jobs>> Jobs::create(node::Node& node, const federation::ClientIdentity& id) {
  LIAISON_ASSIGN_OR_RETURN(node::HotlineEngineOptions engine_opts, node::engine_options(node));
  return std::unique_ptr<Jobs>(new Jobs(std::make_unique<Parts>(node, id, engine_opts)));
}

Jobs::Jobs(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Jobs::~Jobs() = default;

void Jobs::start() {
  parts_->syncer.start();
  parts_->engine.start();
  parts_->fetcher.start();
  parts_->sweep_index.start();
  parts_->attester.start();
  parts_->inbox.start();
}

void Jobs::wake() {
  parts_->syncer.wake();
  parts_->engine.wake();
  parts_->fetcher.wake();
  parts_->sweep_index.wake();
  parts_->attester.wake();
  parts_->inbox.wake();
}

void Jobs::stop() {
  parts_->inbox.stop();
  parts_->attester.stop();
  parts_->sweep_index.stop();
  parts_->fetcher.stop();
  parts_->engine.stop();
  parts_->syncer.stop();
}

}  // namespace liaison::app
