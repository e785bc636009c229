// The command line's `case`: priority cases both parties follow (reports/cases.h) — propose,
// accept, post a status update, list and show with their status-report clocks.
#include "reports/cases.h"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <functional>
#include <iostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shell.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

json::object text_of(const std::string& original, const std::string& lang) {
  return json::object{{"original", original}, {"lang", lang}};
}

class CaseCommands {
 public:
  CaseCommands(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    auto* c = app.add_subcommand(
        "case",
        "Priority cases both parties follow: proposed by one, accepted by the other, with a "
        "status update from each at least every interval (a missed one escalates)");
    c->require_subcommand(1);
    add_propose(c);
    add_accept(c);
    add_status(c);
    auto* list = c->add_subcommand("list", "List priority cases with their status-report clocks");
    add_data_option(list, data);
    list->add_option("--state", state, "proposed, accepted or concluded (default: all)");
    list->callback([&] {
      print([&](node::Node& n) -> Result<std::string> {
        LIAISON_ASSIGN_OR_RETURN(json::array items, reports::list_cases(n, state));
        const int64_t total = static_cast<int64_t>(items.size());
        return json::serialize(json::object{{"items", std::move(items)}, {"total", total}});
      });
    });
    auto* show = c->add_subcommand("show", "Show one priority case with its status reports");
    add_data_option(show, data);
    show->add_option("id", id, "Case id")->required();
    show->callback([&] { print([&](node::Node& n) { return reports::get_case(n, id); }); });
  }

 private:
  void add_propose(CLI::App* c) {
    auto* p = c->add_subcommand("propose", "Propose a priority case to the other party");
    add_data_option(p, data);
    p->add_option("--title", title, "Title")->required();
    p->add_option("--lang", lang, "Language of the texts (default en)");
    p->add_option("--area", area,
                  "hacking, online_fraud, csam, darknet_drugs_firearms, ip_theft, terrorist_use "
                  "or critical_infrastructure")
        ->required();
    p->add_option("--party", party, "The other party (default: the only one)");
    p->add_option("--request", requests, "A linked request's id (repeatable)");
    p->add_option("--lead-officer", officer, "This party's lead officer")->required();
    p->add_option("--counterpart-lead-officer", counterpart_officer,
                  "The other party's lead officer, when known");
    p->add_option("--interval-days", interval, "Days between status reports (default 30)");
    p->callback([&] {
      json::object body{{"title", text_of(title, lang)},
                        {"area", area},
                        {"lead_officer", json::object{{"name", officer}}}};
      if (!party.empty()) body["party"] = party;
      if (!requests.empty()) body["requests"] = json::value_from(requests);
      if (!counterpart_officer.empty()) {
        body["counterpart_lead_officer"] = json::object{{"name", counterpart_officer}};
      }
      if (interval > 0) body["interval_days"] = interval;
      print([&](node::Node& n) { return reports::propose_case(n, cli_actor(), body); });
    });
  }

  void add_accept(CLI::App* c) {
    auto* a = c->add_subcommand("accept", "Accept the other party's proposed case");
    add_data_option(a, data);
    a->add_option("id", id, "Case id")->required();
    a->add_option("--lead-officer", officer, "This party's lead officer")->required();
    a->add_option("--request", requests, "A further linked request's id (repeatable)");
    a->callback([&] {
      json::object body{{"lead_officer", json::object{{"name", officer}}}};
      if (!requests.empty()) body["requests"] = json::value_from(requests);
      print([&](node::Node& n) { return reports::accept_case(n, cli_actor(), id, body); });
    });
  }

  void add_status(CLI::App* c) {
    auto* s = c->add_subcommand("status", "Post this party's status update on a case");
    add_data_option(s, data);
    s->add_option("id", id, "Case id")->required();
    s->add_option("--phase", phase, "active, suspended or concluded (default active)");
    s->add_option("--state", state, "State of the investigation")->required();
    s->add_option("--actions", actions, "Actions since the last report")->required();
    s->add_option("--next-steps", next_steps, "Next steps")->required();
    s->add_option("--blockers", blockers, "Blockers");
    s->add_option("--lang", lang, "Language of the texts (default en)");
    s->callback([&] {
      json::object body{{"phase", phase},
                        {"state", text_of(state, lang)},
                        {"actions", text_of(actions, lang)},
                        {"next_steps", text_of(next_steps, lang)}};
      if (!blockers.empty()) body["blockers"] = text_of(blockers, lang);
      print([&](node::Node& n) { return reports::post_case_status(n, cli_actor(), id, body); });
    });
  }

  void print(const std::function<Result<std::string>(node::Node&)>& fn) {
    print_answer(data, clock, rc, fn);
  }

  const Clock& clock;
  int& rc;
  std::string data, id, title, lang = "en", area, party, officer, counterpart_officer,
                               phase = "active", state, actions, next_steps, blockers;
  std::vector<std::string> requests;
  int64_t interval = 0;
};

}  // namespace

void add_case_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<CaseCommands>(app, sh));
}

}  // namespace liaison::cli
