// scr review export / import: reviews moved between stores, or to and from
// another system, as a `libscr.reviews` JSON document (docs/review-export.md).

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
  };
  auto o = std::make_shared<options>();
  auto* review_cmd = app.get_subcommand("review");

  auto* exp = review_cmd->add_subcommand(
      "export",
      "Write reviews with every event as stored (times, data, corrections, hashes) and the procedures they run "
      "under, as JSON another store imports (docs/review-export.md)\n"
      "  example: scr review export \"Child Q\" -o child-q.json\n"
      "  example: scr review export --all -o board.json");
  exp->add_option("REFERENCE", o->references, "The reviews to export");
  exp->add_flag("--all", o->all, "Every review (void ones too), in the order opened");
  exp->add_option("-o,--output", o->output, "Write to this file instead of standard output");
  exp->add_flag("--force", o->force, "With -o: replace the file if it exists");
  out.emplace_back(exp, [o, &global] {
    if (o->all == !o->references.empty()) {
      throw scr::input_error("scr review export: name the reviews to export, or give --all (not both)");
    }
    const auto db = open_store(global, false, true);
    const std::string text = db.export_reviews(o->references);
    emit(text, o->output, output_rules{global.db, o->force});
    return exit_ok;
  });

  auto* imp = review_cmd->add_subcommand(
      "import",
      "Import the reviews of a review export, all or none: each review's hash chain is checked as exported and "
      "every event goes through the engine again (docs/review-export.md)\n"
      "  example: scr review import board.json --actor \"J. Lowe\" --role administrator");
  imp->add_option("FILE", o->file, "The review export (JSON), from `scr review export`")->required();
  imp->add_flag("--check", o->check, "Check everything and write nothing");
  add_actor(imp, o->by, "A role that corrects the reviews' procedure (procedure.corrections), e.g. administrator");
  out.emplace_back(imp, [o, &global] {
    const std::string text = read_file(o->file);
    auto db = open_store(global, false, false);
    const auto r = db.import_reviews(text, o->by.get(), o->check, o->file);
    const std::size_t n = r.references.size();
    std::cout << (r.check_only ? "checked " : "imported ") << n << (n == 1 ? " review (" : " reviews (") << r.events
              << (r.events == 1 ? " event)" : " events)") << " from " << o->file
              << (r.check_only ? ": every hash matches and every event applies; nothing was written" : "")
              << (r.resealed ? "; sealed again with this store's key" : "") << '\n';
    for (const auto& ref : r.references) std::cout << "  " << ref << '\n';
    return exit_ok;
  });
}

}  // namespace scr::cli
