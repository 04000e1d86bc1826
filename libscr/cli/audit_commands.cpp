// scr verify, scr audit head, scr audit ledger, scr repair projections: the
// store's audit (docs/security.md).

#include <iostream>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

// What verify says when the store has no key.
void note_unkeyed(bool keyed) {
  if (keyed) return;
  std::cerr << "note: this store has no key: its chains find accidental damage, not forgery by someone with the "
               "file; anchor the ledger head (`scr audit head`) to find a rewritten or rolled-back file "
               "(see docs/security.md)\n";
}

}  // namespace

int print_verify(const scr::store& db, const std::string& reference) {
  const auto v = db.verify(reference);
  if (v.ok()) {
    std::cout << reference << ": " << v.message << '\n';
  } else {
    if (v.first_altered) std::cerr << "scr: " << reference << ": " << v.message << '\n';
    for (const auto& p : v.problems) std::cerr << "scr: " << p << '\n';
  }
  note_unkeyed(v.keyed);
  return v.ok() ? exit_ok : exit_refused;
}

void add_audit_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string reference, expect_head, reason, format = "table", output;
    std::uint64_t from = 1, limit = 0;
    bool all = false, force = false;
    csv_flags csv;
    who by;
  };
  auto o = std::make_shared<options>();
  const auto read_store = [&global] { return open_store(global, false, true); };

  // ---- scr verify ----
  if (auto* verify = out.add(app,
        "verify", "Check the audit: one review's hash chain, its head against the store's ledger and its projections, "
                  "or (--all) every review, every tombstone and the ledger itself; exit 1 if anything is wrong\n"
                  "  example: scr verify --all --expect-head 1234:9f2c...  (the head from `scr audit head`)")) {
    verify->add_option("REFERENCE", o->reference, "The review (or --all)");
    verify->add_flag("--all", o->all, "Every review, every tombstone and the ledger");
    verify->add_option("--expect-head", o->expect_head,
                       "With --all: a head anchored earlier (POSITION:HASH); the ledger must reach it, with the same "
                       "hash there, or the file was rolled back or rewritten");
    out.emplace_back(verify, [o, read_store] {
      if (o->all == !o->reference.empty()) {
        throw scr::input_error("scr verify: give a REFERENCE or --all (one of them)");
      }
      if (!o->expect_head.empty() && !o->all) throw scr::input_error("--expect-head is for --all");
      const auto expected = o->expect_head.empty() ? std::optional<scr::ledger_head>()
                                                   : scr::ledger_head::parse(o->expect_head);
      const auto db = read_store();
      if (!o->all) return print_verify(db, o->reference);
      const auto v = db.verify_all(expected);
      if (v.ok()) {
        std::cout << v.message << '\n';
      } else {
        for (const auto& p : v.problems) std::cerr << "scr: " << p << '\n';
        std::cerr << "scr: " << v.message << '\n';
      }
      note_unkeyed(v.keyed);
      return v.ok() ? exit_ok : exit_refused;
    });
  }

  // ---- scr audit ----
  if (auto* audit = out.add(app, "audit", "The store's ledger: one chain of every write across the store")) {
    audit->require_subcommand(1);
    if (auto* head = out.add(*audit,
          "head", "Print the ledger's head, POSITION:HASH: write it down outside the file (a chair's monthly report) "
                  "and check it later with `scr verify --all --expect-head`\n  example: scr audit head")) {
      out.emplace_back(head, [read_store] {
        const auto db = read_store();
        const auto h = db.head();
        if (h.position == 0) throw scr::input_error("the store's ledger is empty: nothing has been written yet");
        std::cout << h.text() << '\n';
        return exit_ok;
      });
    }

    if (auto* ledger = out.add(*audit,
          "ledger", "List the ledger's entries: each write, purge and repair, with its hashes\n"
                    "  example: scr audit ledger --from 100 --format csv -o ledger.csv")) {
      ledger->add_option("--from", o->from, "The first entry (1 is the first)")->check(CLI::PositiveNumber);
      ledger->add_option("--limit", o->limit, "At most this many entries");
      ledger->add_option("--format", o->format, "table (default), csv or json");
      ledger->add_option("-o,--output", o->output,
                         "Write to this new file (readable by you only) instead of the terminal; never the database");
      ledger->add_flag("--force", o->force, "With -o: replace the file if it exists");
      add_csv_flags(ledger, o->csv);
      out.emplace_back(ledger, [o, read_store, &global] {
        const auto f = list_format(o->format);
        const auto csv = o->csv.get(f);
        const auto db = read_store();
        const auto entries = db.ledger(o->from, o->limit == 0 ? UINT64_MAX : o->limit);
        const output_rules rules{global.db, o->force};
        if (f == scr::export_format::csv) emit(scr::ledger_csv(entries, csv), o->output, rules);
        else if (f == scr::export_format::json) emit(scr::ledger_json(entries), o->output, rules);
        else emit(scr::ledger_text(entries), o->output, rules);
        return exit_ok;
      });
    }
  }

  // ---- scr repair ----
  if (auto* repair = out.add(app, "repair", "Rebuild what is derived from the events, audited in the ledger")) {
    repair->require_subcommand(1);
    if (auto* projections = out.add(*repair,
          "projections",
          "Rebuild every review's projections (the tables lists and reports read) from its events where they differ; "
          "each review changed gets a ledger entry naming who and why. Refused while any review's events are damaged\n"
          "  example: scr repair projections --reason \"verify found edited rows\" --actor \"J. Lowe\" --role "
          "administrator")) {
      projections->add_option("--reason", o->reason, "Why")->required();
      add_actor(projections, o->by, "A corrections role of the procedure (procedure.corrections), e.g. administrator");
      out.emplace_back(projections, [o, &global] {
        auto db = open_store(global, false, false);
        const auto r = db.repair_projections(o->by.get(), o->reason);
        for (const auto& d : r.differences) std::cout << "repaired: " << d << '\n';
        std::cout << r.repaired.size() << " of " << r.reviews << (r.reviews == 1 ? " review" : " reviews")
                  << " repaired" << (r.repaired.empty() ? ": the projections agree with the events" : "") << '\n';
        return exit_ok;
      });
    }
  }
}

}  // namespace scr::cli
