// The command line's `user` and `token`: accounts and API tokens.
#include "node/users.h"

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/shell.h"
#include "common/crypto.h"

namespace liaison::cli {

namespace json = boost::json;

namespace {

class UserCommands {
 public:
  UserCommands(CLI::App& app, Shell& sh) : clock(sh.clock), rc(sh.rc) {
    // user
    auto* user = app.add_subcommand("user", "Manage users");
    user->require_subcommand(1);
    user_patch = [this](const std::string& what, node::UserPatch patch) {
      auto node = open_node_or_fail(user_data, clock, rc);
      if (!node) return;
      auto u = node::update_user(*node, cli_actor(), username, patch);
      if (!u.is_ok())
        rc = fail(u.status());
      else
        std::cout << what << " " << username << "\n";
    };
    add_user_add(user);
    add_user_list(user);
    add_user_disable(user);
    add_user_enable(user);
    add_user_passwd(user);
    add_user_totp(user);
    // token
    auto* token = app.add_subcommand("token", "API tokens");
    token->require_subcommand(1);
    auto* token_create = token->add_subcommand("create", "Create an API token (printed once)");
    add_data_option(token_create, token_data);
    token_create->add_option("--user,-u", token_user, "The user the token acts as")
        ->envname("LIAISON_TOKEN_USER")
        ->required();
    token_create->add_option("--name", token_name, "A label for the token");
    token_create->callback([&] {
      auto node = open_node_or_fail(token_data, clock, rc);
      if (!node) return;
      auto t = node::create_token(*node, cli_actor(), token_user, token_name);
      if (!t.is_ok())
        rc = fail(t.status());
      else
        std::cout << *t << "\n";
    });
  }

  void add_user_add(CLI::App* user) {
    auto* user_add = user->add_subcommand("add", "Add a user (password from stdin or generated)");
    add_data_option(user_add, user_data);
    user_add->add_option("--username,-u", username, "Username")
        ->envname("LIAISON_USERNAME")
        ->required();
    user_add
        ->add_option("--role,-r", role_name,
                     "administrator | liaison_officer | analyst | supervisor | principal | "
                     "auditor")
        ->envname("LIAISON_ROLE")
        ->required();
    user_add->add_option("--display-name", display_name, "Name shown in the console");
    user_add->add_flag("--password-stdin", password_stdin, "Read the password from stdin");
    user_add->callback([&] {
      auto role = node::parse_role(role_name);
      if (!role) {
        rc = fail(invalid_argument("unknown role '" + role_name + "'", "role"));
        return;
      }
      auto node = open_node_or_fail(user_data, clock, rc);
      if (!node) return;
      std::string password = password_stdin ? read_line_stdin() : new_token(15);
      auto u = node::add_user(*node, cli_actor(), username, display_name, *role, password);
      if (!u.is_ok()) {
        rc = fail(u.status());
        return;
      }
      std::cout << "added " << username << " (" << role_name << ")";
      if (!password_stdin) std::cout << " password: " << password << "   (shown once)";
      std::cout << "\n";
    });
  }

  void add_user_list(CLI::App* user) {
    auto* user_list = user->add_subcommand("list", "List users");
    add_data_option(user_list, user_data);
    user_list->callback([&] {
      auto node = open_node_or_fail(user_data, clock, rc);
      if (!node) return;
      auto users = node::list_users(*node);
      if (!users.is_ok()) {
        rc = fail(users.status());
        return;
      }
      std::cout << "USERNAME\tROLE\tSTATUS\tSECOND FACTOR\tNAME\n";
      for (const auto& u : *users) {
        std::cout << u.username << "\t" << node::to_string(u.role) << "\t"
                  << (u.disabled ? "disabled" : "active") << "\t" << (u.totp_enabled ? "totp" : "-")
                  << "\t" << u.display_name << "\n";
      }
    });
  }

  void add_user_disable(CLI::App* user) {
    auto* user_disable = user->add_subcommand("disable", "Disable a user (ends their sessions)");
    add_data_option(user_disable, user_data);
    user_disable->add_option("username", username, "Username")->required();
    user_disable->callback([&] {
      node::UserPatch p;
      p.disabled = true;
      user_patch("disabled", p);
    });
  }

  void add_user_enable(CLI::App* user) {
    auto* user_enable = user->add_subcommand("enable", "Enable a disabled user");
    add_data_option(user_enable, user_data);
    user_enable->add_option("username", username, "Username")->required();
    user_enable->callback([&] {
      node::UserPatch p;
      p.disabled = false;
      user_patch("enabled", p);
    });
  }

  void add_user_passwd(CLI::App* user) {
    auto* user_passwd = user->add_subcommand("passwd", "Set a user's password (read from stdin)");
    add_data_option(user_passwd, user_data);
    user_passwd->add_option("username", username, "Username")->required();
    user_passwd->callback([&] {
      node::UserPatch p;
      p.password = read_line_stdin();
      user_patch("changed the password of", p);
    });
  }

  void add_user_totp(CLI::App* user) {
    auto* user_totp = user->add_subcommand("totp", "Enable TOTP for a user; prints the secret");
    add_data_option(user_totp, user_data);
    user_totp->add_option("username", username, "Username")->required();
    user_totp->callback([&] {
      auto node = open_node_or_fail(user_data, clock, rc);
      if (!node) return;
      auto secret = node::enable_totp(*node, cli_actor(), username);
      if (!secret.is_ok()) {
        rc = fail(secret.status());
        return;
      }
      std::cout << "otpauth://totp/liaison:" << username << "?secret=" << *secret
                << "&issuer=liaison\n";
    });
  }

 private:
  const Clock& clock;
  int& rc;
  std::string user_data, username, role_name, display_name;
  bool password_stdin = false;
  std::string token_data, token_user, token_name = "cli";
  std::function<void(const std::string&, node::UserPatch)> user_patch;
};

}  // namespace

void add_user_commands(CLI::App& app, Shell& sh) {
  sh.keep(std::make_shared<UserCommands>(app, sh));
}

}  // namespace liaison::cli
