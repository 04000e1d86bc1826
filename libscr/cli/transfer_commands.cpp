// scr review export / import: reviews moved between stores, or to and from
// another system, as a `libscr.reviews` JSON document (docs/review-export.md);
// scr review load: many reviews' steps from one table (docs/bulk-load.md).

#include <iostream>
#include <memory>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

void add_transfer_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::vector<std::string> references;
    bool all = false, force = false, check = false;
    std::string output, file;
    who by;
    bool reseal = false;
  };
  auto o = std::make_shared<options>();
  auto* review_cmd = commands::built(app, "review");
  if (review_cmd == nullptr) return;

  if (auto* exp = out.add(*review_cmd,
        "export",
        "Write reviews with every event as stored (times, data, corrections, hashes) and the procedures they run "
        "under, as JSON another store imports (docs/review-export.md)\n"
        "  example: scr review export \"Child Q\" -o child-q.json\n"
        "  example: scr review export --all -o board.json")) {
    exp->add_option("REFERENCE", o->references, "The reviews to export");
    exp->add_flag("--all", o->all, "Every review (void ones too), in the order opened");
    add_output_options(exp, o->output, o->force);
    out.emplace_back(exp, [o, &global] {
      if (o->all == !o->references.empty()) {
        throw scr::input_error("scr review export: name the reviews to export, or give --all (not both)");
      }
      const auto db = open_store(global, false, true);
      const std::string text = db.export_reviews(o->references);
      emit(text, o->output, output_rules{global.db, o->force});
      return exit_ok;
    });
  }

  if (auto* imp = out.add(*review_cmd,
        "import",
        "Import the reviews of a review export, all or none: each review's hash chain is checked as exported and "
        "every event goes through the engine again (docs/review-export.md)\n"
        "  example: scr review import board.json --actor \"J. Lowe\" --role administrator")) {
    imp->add_option("FILE", o->file, "The review export (JSON), from `scr review export`")->required();
    imp->add_flag("--check", o->check, "Check everything and write nothing");
    imp->add_flag("--reseal", o->reseal,
                  "Into a keyed store, take an unkeyed file: check its chains as exported, then seal them with the "
                  "store's key");
    add_actor(imp, o->by, "A role that corrects the reviews' procedure (procedure.corrections), e.g. administrator");
    out.emplace_back(imp, [o, &global] {
      const std::string text = read_file(o->file, max_export_bytes);
      auto db = open_store(global, false, false);
      scr::import_options options;
      options.check_only = o->check;
      options.reseal = o->reseal;
      options.source = o->file;
      const auto r = db.import_reviews(text, o->by.get(), options);
      const std::size_t n = r.references.size();
      std::cout << (r.check_only ? "checked " : "imported ") << n << (n == 1 ? " review (" : " reviews (") << r.events
                << (r.events == 1 ? " event)" : " events)") << " from " << o->file
                << (r.check_only ? ": every hash matches and every event applies; nothing was written" : "")
                << (r.resealed ? "; sealed again with this store's key" : "") << '\n';
      for (const auto& ref : r.references) std::cout << "  " << ref << '\n';
      return exit_ok;
    });
  }

  if (auto* load = out.add(*review_cmd,
        "load",
        "Load many reviews' steps from one table (CSV or XLSX): a row a step, with the columns reference, procedure, "
        "event, at, actor, role, actor agency, agency and the events' data fields; each review all its rows or none, "
        "every row checked by the engine (docs/bulk-load.md)\n"
        "  example: scr review load tracker.xlsx --check\n"
        "  example: scr review load tracker.csv")) {
    load->add_option("FILE", o->file, "The table: .csv or .xlsx")->required();
    load->add_flag("--check", o->check, "Check every row and write nothing");
    out.emplace_back(load, [o, &global] {
      const std::string bytes = read_file(o->file);
      auto db = open_store(global, false, o->check);
      scr::step_load_options options;
      options.check_only = o->check;
      options.procedure_named = [](const std::string& name) { return procedure_named(name); };
      const auto r = scr::load_steps(db, bytes, o->file, options);
      for (const auto& x : r.reviews) {
        const std::size_t steps = x.events_after - x.events_before;
        if (x.loaded) {
          std::cout << (r.check_only ? "would load " : "loaded ") << x.reference << ": "
                    << (x.opened ? "opened, " : "") << steps << (steps == 1 ? " step" : " steps")
                    << (x.opened ? "" : " after its " + std::to_string(x.events_before) + " events")
                    << (x.skipped == 0 ? ""
                                       : " (" + std::to_string(x.skipped) +
                                             (x.skipped == 1 ? " row was" : " rows were") + " recorded already)")
                    << '\n';
        } else {
          std::cout << "refused " << x.reference << " (nothing loaded for it): " << x.error << '\n';
        }
      }
      std::cout << (r.check_only ? "checked " : "") << r.reviews.size() << (r.reviews.size() == 1 ? " review" : " reviews")
                << ": " << r.loaded() << (r.check_only ? " would load" : " loaded") << ", " << r.refused() << " refused"
                << (r.check_only ? "; nothing was written" : "") << '\n';
      return r.refused() == 0 ? exit_ok : exit_bad_input;
    });
  }
}

}  // namespace scr::cli
