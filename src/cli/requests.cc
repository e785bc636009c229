// The command line's `request`: requests for assistance from the command line.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <boost/json.hpp>
#include <cstring>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/shell.h"
#include "common/json_fields.h"
#include "node/users.h"
#include "requests/printout.h"
#include "requests/service.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

std::string text_of(const json::object& o, const char* key) {
  auto* v = o.if_contains(key);
  if (!v || !v->is_object()) return "";
  return str_of(v->get_object(), "original");
}

// `request show` for a person: the references, title, type, state, parties, times,
// identifiers and what the checklist still misses (`--json` prints the document instead).
void print_request_view(const json::object& o) {
  // Labels in a column of 14; a longer one ("acknowledged_at" is 15) keeps one space.
  const auto line = [](const char* label, const std::string& value) {
    if (value.empty()) return;
    const size_t pad = std::max<size_t>(14, std::strlen(label) + 1) - std::strlen(label);
    std::cout << "  " << label << std::string(pad, ' ') << value << "\n";
  };
  std::string refs = str_of(o, "requester_ref");
  if (!str_of(o, "requested_ref").empty()) refs += " / " + str_of(o, "requested_ref");
  std::cout << (refs.empty() ? str_of(o, "id") : refs) << "  (" << str_of(o, "id") << ")\n";
  line("title", text_of(o, "title"));
  if (auto* t = o.if_contains("title"); t && t->is_object())
    line("", str_of(t->get_object(), "translation"));
  line("type",
       str_of(o, "type") + "  " + str_of(o, "priority") + "  " + str_of(o, "priority_area"));
  line("state", str_of(o, "state"));
  line("parties", str_of(o, "requesting_party") + " -> " + str_of(o, "requested_party"));
  for (const char* k :
       {"created_at", "submitted_at", "acknowledged_at", "respond_by", "closed_at"}) {
    line(k, str_of(o, k));
  }
  line("offence", text_of(o, "offence"));
  line("data sought", text_of(o, "data_sought"));
  if (auto* ids = o.if_contains("identifiers"); ids && ids->is_array()) {
    for (const auto& v : ids->get_array()) {
      if (!v.is_object()) continue;
      const auto& id = v.get_object();
      std::string s = str_of(id, "kind") + " " + str_of(id, "value");
      if (auto* port = id.if_contains("port"); port && port->is_int64())
        s += ":" + std::to_string(port->as_int64());
      if (!str_of(id, "observed_at").empty()) s += " at " + str_of(id, "observed_at");
      line("identifier", s);
    }
  }
  if (auto* c = o.if_contains("completeness"); c && c->is_object()) {
    std::string missing;
    if (auto* m = c->get_object().if_contains("missing"); m && m->is_array()) {
      for (const auto& x : m->get_array()) {
        if (x.is_string()) missing += (missing.empty() ? "" : ", ") + std::string(x.get_string());
      }
    }
    line("checklist", missing.empty() ? "complete" : "missing " + missing);
  }
}

class RequestCommands {
 public:
  RequestCommands(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // request
    auto* request = app.add_subcommand("request", "Requests for assistance");
    request->require_subcommand(1);
    actor_for = [this](node::Node& n) -> Result<node::Actor> {
      if (req_as.empty()) return cli_actor();
      LIAISON_ASSIGN_OR_RETURN(node::User u, node::get_user(n, req_as));
      return node::Actor{u.username, u.role, "cli"};
    };
    add_req_create(request);
    add_req_list(request);
    add_req_show(request);
    add_req_tr(request);
    add_req_print(request);
    add_req_assign(request);
  }

  // request print REF -o FILE.pdf: the printed form (requests/printout.h).
  void add_req_print(CLI::App* request) {
    auto* print = request->add_subcommand(
        "print",
        "Write a request as a bilingual printed form (PDF): header, checklist, "
        "identifiers, attachments, timeline and signatures");
    add_data_option(print, req_data);
    print->add_option("id", req_id, "Request id or reference (either party's)")->required();
    print->add_option("--output,-o", print_out, "The PDF file to write")->required();
    print->callback([&] {
      auto node = open_node_or_fail(req_data, clock, rc);
      if (!node) return;
      auto p = requests::print_request(*node, req_id);
      if (!p.is_ok()) {
        rc = fail(p.status());
        return;
      }
      if (Status st = write_bytes(print_out, p->pdf); !st.is_ok()) {
        rc = fail(st);
        return;
      }
      std::cout << "wrote " << print_out << " (" << p->pdf.size() << " bytes, request "
                << (p->reference.empty() ? p->id : p->reference) << ")\n";
    });
  }

  void add_req_assign(CLI::App* request) {
    auto* cmd = request->add_subcommand(
        "assign", "Set who works a request on this party's side (\"\" clears it)");
    add_data_option(cmd, req_data);
    cmd->add_option("id", req_id, "Request id or reference (CN-2026-000003)")->required();
    cmd->add_option("user", assign_user, "The assignee's username")->required();
    cmd->add_option("--as", req_as,
                    "Act as this liaison officer or supervisor (required: assigning is theirs)")
        ->envname("LIAISON_AS");
    cmd->callback([&] {
      auto node = open_node_or_fail(req_data, clock, rc);
      if (!node) return;
      auto actor = actor_for(*node);
      if (!actor.is_ok()) {
        rc = fail(actor.status());
        return;
      }
      json::object body{{"assignee", assign_user}};
      auto doc = node::assign_request(*node, *actor, req_id, body);
      if (!doc.is_ok()) {
        rc = fail(doc.status());
        return;
      }
      auto o = json::parse(*doc).as_object();
      const json::value* mine = nullptr;
      if (auto* a = o.if_contains("assignees"); a && a->is_object()) {
        mine = a->get_object().if_contains(node->party());
      }
      if (mine && mine->is_object()) {
        std::cout << "assigned to " << str_of(mine->get_object(), "username") << " ("
                  << str_of(mine->get_object(), "name") << ")\n";
      } else {
        std::cout << "no assignee on " << node->party() << "'s side\n";
      }
    });
  }

  void add_req_create(CLI::App* request) {
    auto* req_create = request->add_subcommand("create", "Create a draft from a JSON file");
    add_data_option(req_create, req_data);
    req_create->add_option("--file,-f", req_file,
                           "JSON request content ('-' = standard input, the default)");
    req_create->add_option("--as", req_as, "Act as this user (default: the CLI administrator)")
        ->envname("LIAISON_AS");
    req_create->callback([&] {
      auto node = open_node_or_fail(req_data, clock, rc);
      if (!node) return;
      // Not silently: a terminal's standard input waits for the person to type.
      if (req_file == "-" && ::isatty(STDIN_FILENO)) {
        std::cerr << "reading the request (JSON) from standard input; end with Ctrl-D "
                     "(or give --file FILE)\n";
      }
      auto text = read_input(req_file);
      if (!text.is_ok()) {
        rc = fail(text.status());
        return;
      }
      auto body = parse_json_text(*text);
      if (!body.is_ok()) {
        rc = fail(body.status());
        return;
      }
      auto actor = actor_for(*node);
      if (!actor.is_ok()) {
        rc = fail(actor.status());
        return;
      }
      auto doc = node::create_request(*node, *actor, *body);
      if (!doc.is_ok())
        rc = fail(doc.status());
      else
        print_json(*doc);
    });
  }

  void add_req_list(CLI::App* request) {
    auto* req_list = request->add_subcommand("list", "List requests");
    add_data_option(req_list, req_data);
    req_list->add_option("--state", f_state, "Comma-separated states");
    req_list->add_option("--type", f_type, "Comma-separated types");
    req_list->add_option("--priority", f_priority, "Comma-separated priorities");
    req_list->add_option("--search,-q", f_q, "Text search");
    req_list->add_flag("--json", req_json, "JSON output");
    req_list->callback([&] {
      auto node = open_node_or_fail(req_data, clock, rc);
      if (!node) return;
      std::vector<std::pair<std::string, std::string>> params{{"per_page", "200"}};
      if (!f_state.empty()) params.emplace_back("state", f_state);
      if (!f_type.empty()) params.emplace_back("type", f_type);
      if (!f_priority.empty()) params.emplace_back("priority", f_priority);
      if (!f_q.empty()) params.emplace_back("q", f_q);
      auto q = node::parse_request_query(params);
      if (!q.is_ok()) {
        rc = fail(q.status());
        return;
      }
      auto page = node::list_requests(*node, *q);
      if (!page.is_ok()) {
        rc = fail(page.status());
        return;
      }
      if (page->docs.empty() && !req_json) {
        std::cerr << "no requests" << (params.size() > 1 ? " match" : "") << "\n";
        return;
      }
      if (!req_json) std::cout << "ID  REFERENCE  PRIORITY  TYPE  STATE  PARTIES  TITLE\n";
      for (const auto& d : page->docs) {
        if (req_json) {
          std::cout << d << "\n";
          continue;
        }
        json::object o = json::parse(d).as_object();
        std::string title = o["title"].as_object()["original"].as_string().c_str();
        std::cout << str_of(o, "id") << "  " << str_of(o, "requester_ref") << "  "
                  << str_of(o, "priority") << "  " << str_of(o, "type") << "  "
                  << str_of(o, "state") << "  " << str_of(o, "requesting_party") << "->"
                  << str_of(o, "requested_party") << "  " << title << "\n";
      }
    });
  }

  void add_req_show(CLI::App* request) {
    auto* req_show = request->add_subcommand("show", "Show a request");
    add_data_option(req_show, req_data);
    req_show->add_option("id", req_id, "Request id or reference (CN-2026-000003)")->required();
    req_show->add_flag("--json", req_json, "The request's JSON document (for scripts)");
    req_show->callback([&] {
      auto node = open_node_or_fail(req_data, clock, rc);
      if (!node) return;
      auto id = node::resolve_request_id(*node, req_id);
      auto doc = id.is_ok() ? node::get_request(*node, *id) : Result<std::string>(id.status());
      if (!doc.is_ok()) {
        rc = fail(doc.status());
      } else if (req_json) {
        print_json(*doc);
      } else {
        print_request_view(json::parse(*doc).as_object());
      }
    });
  }

  void add_req_tr(CLI::App* request) {
    auto* req_tr = request->add_subcommand("transition", "Apply a state-machine event");
    add_data_option(req_tr, req_data);
    req_tr->add_option("id", req_id, "Request id or reference (CN-2026-000003)")->required();
    req_tr
        ->add_option("--event,-e", ev_name,
                     "submit | acknowledge | start | confirm_preserved | "
                     "request_info | provide_info | postpone | resume | "
                     "fulfil_partially | fulfil | refuse | withdraw | close")
        ->required();
    req_tr->add_option("--reason", ev_reason, "Reason (request_info, postpone, withdraw, refuse)");
    req_tr->add_option("--ground", ev_ground, "Refusal ground");
    req_tr->add_option("--until", ev_until, "Postponed until (RFC 3339 UTC)");
    req_tr->add_option("--preserved-until", ev_preserved, "Preserved until (RFC 3339 UTC)");
    req_tr->add_option("--rating", ev_rating, "Quality rating 1-5 (close)");
    req_tr->add_option("--requested-ref", ev_ref, "The requested party's reference (acknowledge)");
    req_tr->add_option("--as", req_as, "Act as this user")->envname("LIAISON_AS");
    req_tr->callback([&] {
      auto node = open_node_or_fail(req_data, clock, rc);
      if (!node) return;
      json::object body{{"event", ev_name}};
      if (!ev_reason.empty()) body["reason"] = ev_reason;
      if (!ev_ground.empty()) body["ground"] = ev_ground;
      if (!ev_until.empty()) body["until"] = ev_until;
      if (!ev_preserved.empty()) body["preserved_until"] = ev_preserved;
      if (ev_rating != 0) body["rating"] = ev_rating;
      if (!ev_ref.empty()) body["requested_ref"] = ev_ref;
      auto actor = actor_for(*node);
      if (!actor.is_ok()) {
        rc = fail(actor.status());
        return;
      }
      auto id = node::resolve_request_id(*node, req_id);
      if (!id.is_ok()) {
        rc = fail(id.status());
        return;
      }
      auto doc = node::request_event(*node, *actor, *id, body);
      if (!doc.is_ok())
        rc = fail(doc.status());
      else
        print_json(*doc);
    });
  }

 private:
  const Clock& clock;
  int& rc;
  std::string req_data, req_file = "-", req_id, req_as, print_out, assign_user;
  std::string f_state, f_type, f_priority, f_q;
  bool req_json = false;
  std::string ev_name, ev_reason, ev_ground, ev_until, ev_preserved, ev_ref;
  int ev_rating = 0;
  std::function<Result<node::Actor>(node::Node&)> actor_for;
};

}  // namespace

void add_request_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<RequestCommands>(app, sh));
}

}  // namespace liaison::cli
