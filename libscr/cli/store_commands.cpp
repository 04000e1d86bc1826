// scr logins: who may act as whom in a store on PostgreSQL; scr store copy:
// a store from one backend to another (docs/deploying.md).

#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

void add_store_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string login, format = "table", output, from, to;
    bool force = false;
    csv_flags csv;
    who as;
  };
  auto o = std::make_shared<options>();

  // ---- scr store ----
  if (auto* store = out.add(app, "store", "The store as a whole")) {
    store->require_subcommand(1);
    if (auto* copy = out.add(*store,
          "copy", "Copy a store into a new one, SQLite to PostgreSQL or back: every procedure, review, event, hash, "
                  "ledger entry and tombstone, in one transaction; both are verified and must have the same ledger head\n"
                  "  example: scr store copy reviews.db postgresql://scr@db.council.local/safeguarding")) {
      copy->add_option("FROM", o->from, "The store to copy: a file or a postgresql:// URL")->required();
      copy->add_option("TO", o->to, "The new store: a file or a postgresql:// URL (an empty schema)")->required();
      out.emplace_back(copy, [o, &global] {
        scr::store_options options;
        if (!global.key_file.empty()) options.key = scr::store::read_key_file(global.key_file);
        if (!scr::store::is_url(o->from) && !std::filesystem::exists(o->from)) {
          throw scr::input_error("no store '" + o->from + "' to copy");
        }
        const auto r = scr::store::copy(o->from, o->to, options);
        std::cout << "copied " << r.to.reviews << (r.to.reviews == 1 ? " review (" : " reviews (") << r.to.events
                  << " events), " << r.to.tombstones << " tombstones and the ledger (" << r.to.head.position
                  << " entries); both verify with head " << r.to.head.text() << '\n';
        return exit_ok;
      });
    }
  }

  // ---- scr logins ----
  if (auto* logins = out.add(app,
        "logins", "Who may act as whom, in a store on PostgreSQL: each login acts only as the people and roles its "
                  "administrator maps it to, and sees only its partnership's store (docs/deploying.md)")) {
    logins->require_subcommand(1);

    if (auto* grant = out.add(*logins,
          "grant", "Map a login to a person and role, and give it a member's rights (the store's administrator only)\n"
                   "  example: scr logins grant apatel --actor \"A. Patel\" --role lscb_chair")) {
      grant->add_option("LOGIN", o->login, "The database login (a role with LOGIN on the server)")->required();
      add_actor(grant, o->as, "A role in the board's procedures, e.g. lscb_chair");
      out.emplace_back(grant, [o, &global] {
        auto db = open_store(global, false, false);
        db.grant_login(o->login, o->as.get());
        std::cout << "login " << o->login << " may act as " << o->as.name << " (" << o->as.role
                  << (o->as.agency.empty() ? "" : ", " + o->as.agency) << ")\n";
        return exit_ok;
      });
    }

    if (auto* revoke = out.add(*logins,
          "revoke", "Take a mapping back (--actor and --role), or all of a login's; with the last go all its rights")) {
      revoke->add_option("LOGIN", o->login, "The database login")->required();
      revoke->add_option("--actor", o->as.name, "The person (with --role): that mapping only");
      revoke->add_option("--role", o->as.role, "The role (with --actor)");
      revoke->add_option("--actor-agency", o->as.agency, "The agency of that mapping, if it has one");
      out.emplace_back(revoke, [o, &global] {
        if (o->as.name.empty() != o->as.role.empty()) {
          throw scr::input_error("scr logins revoke: give --actor and --role together (one mapping), or neither (all)");
        }
        auto db = open_store(global, false, false);
        const auto taken =
            db.revoke_login(o->login, o->as.name.empty() ? std::optional<scr::actor>() : o->as.get());
        if (taken == 0) throw scr::input_error("login " + o->login + " has no such mapping: nothing was taken back");
        std::cout << "took back " << taken << (taken == 1 ? " mapping" : " mappings") << " of login " << o->login << '\n';
        return exit_ok;
      });
    }

    if (auto* list = out.add(*logins, "list", "The mappings: all for the administrator, your own for a member")) {
      list->add_option("--format", o->format, "table (default), csv or json");
      list->add_option("-o,--output", o->output, "Write to this file instead of standard output");
      list->add_flag("--force", o->force, "With -o: replace the file if it exists");
      add_csv_flags(list, o->csv);
      out.emplace_back(list, [o, &global] {
        const auto f = list_format(o->format);
        const auto csv = o->csv.get(f);
        const auto db = open_store(global, false, true);
        const auto grants = db.logins();
        std::vector<std::vector<std::string>> rows{{"LOGIN", "NAME", "ROLE", "AGENCY"}};
        for (const auto& g : grants) rows.push_back({g.login, g.as.name, g.as.role, g.as.agency});
        const output_rules rules{global.db, o->force};
        if (f == scr::export_format::csv) {
          rows[0] = {"login", "name", "role", "agency"};
          emit(scr::csv_table(rows, csv), o->output, rules);
        } else if (f == scr::export_format::json) {
          auto items = nlohmann::json::array();
          for (const auto& g : grants) {
            items.push_back({{"login", g.login}, {"name", g.as.name}, {"role", g.as.role},
                             {"agency", g.as.agency.empty() ? nlohmann::json() : nlohmann::json(g.as.agency)}});
          }
          emit(nlohmann::json{{"version", 1}, {"logins", items}}.dump(2) + "\n", o->output, rules);
        } else {
          for (auto& r : rows)
            if (r[3].empty()) r[3] = "-";
          emit(grants.empty() ? std::string("no logins are mapped: only the administrator (" + db.login() +
                                            ") can act in this store\n")
                              : scr::aligned_table(rows),
               o->output, rules);
        }
        return exit_ok;
      });
    }
  }
}

}  // namespace scr::cli
