#pragma once
// The YAML loader behind procedure::parse and procedure::check (private).

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scr/procedure.hpp"

namespace scr {

namespace detail {
template <class E>
struct enum_name {
  std::string_view name;
  E value;
};
}  // namespace detail

class procedure_loader {
 public:
  explicit procedure_loader(std::string_view file) : file_(file) { p_.file_ = file_; }

  /// Reads the text; problems are collected, never thrown.
  procedure run(std::string_view yaml_text);
  /// Every problem found, errors first, each group by position.
  std::vector<diagnostic> take_diagnostics();

  /// A position read from the combined text of an overlay and its bases, as
  /// a line of the file it is in (procedure_overlay.cpp); as it is otherwise.
  position layer_position(position at) const;

 private:
  // What a machine's references resolve against (a track falls back to the
  // procedure for events, milestones and obligations).
  struct scope {
    machine* m = nullptr;
    const scope* parent = nullptr;
    std::string track_id;
    std::vector<std::string> milestone_ids;  // milestones and chain steps
    std::vector<std::string> obligation_ids;
    std::vector<std::string> chain_ids;
    // A transition names a state that does not exist: reachability would only
    // repeat that error as a cascade of unreachable states, so it is skipped.
    bool unresolved_states = false;
  };

  template <class E>
  using enum_name = detail::enum_name<E>;

  position from_mark(const YAML::Mark& m) const;
  position pos(const YAML::Node& n) const;
  void check_quotes(const YAML::Node& n);

  void report(severity level, const YAML::Node& at, std::string rule, std::string message);
  void report_at(severity level, position at, std::string rule, std::string message);
  void add_diagnostic(severity level, std::string file, position at, std::string rule, std::string message);
  void error(const YAML::Node& at, std::string rule, std::string message);
  void error_at(position at, std::string rule, std::string message);
  void warn_at(position at, std::string rule, std::string message);

  bool expect_map(const YAML::Node& n, std::string_view what);
  bool expect_list(const YAML::Node& n, std::string_view what);
  void check_keys(const YAML::Node& n, std::initializer_list<std::string_view> allowed, std::string_view what);
  std::optional<std::string> text(const YAML::Node& parent, std::string_view key, std::string_view what,
                                  bool required);
  std::string id_field(const YAML::Node& parent, std::string_view key, std::string_view what);
  std::vector<std::pair<std::string, YAML::Node>> names(const YAML::Node& parent, std::string_view key,
                                                        std::string_view what);
  std::optional<timescale> timescale_field(const YAML::Node& parent, std::string_view key, std::string_view what);
  template <class E, std::size_t N>
  E enum_field(const YAML::Node& parent, std::string_view key, std::string_view what,
               const enum_name<E> (&table)[N], E fallback);
  std::vector<std::string> cites(const YAML::Node& parent, std::string_view what);

  bool check_ref(const YAML::Node& at, std::string_view kind, const std::string& name,
                 const std::vector<std::string>& known, std::string_view where);
  std::vector<std::string> role_ids() const;
  const event_spec* find_event(const scope& s, std::string_view name) const;
  void read_chronology_binding(const YAML::Node& meta);
  void read_action_plan_binding(const YAML::Node& meta);
  std::vector<std::string> event_names(const scope& s) const;
  std::vector<std::string> milestone_names(const scope& s) const;
  std::vector<std::string> obligation_names(const scope& s) const;
  void check_roles(const YAML::Node& parent, std::string_view key, std::string_view what,
                   std::vector<std::string>& out);
  std::optional<predicate> predicate_field(const YAML::Node& parent, std::string_view key,
                                           const event_spec* event, std::string_view what);

  void read_all(const YAML::Node& root);
  void read_meta(const YAML::Node& root);
  void read_roles(const YAML::Node& root);
  void read_states(const YAML::Node& owner, machine& m, std::string_view where);
  void read_events(const YAML::Node& owner, machine& m, const scope* parent, std::string_view where);
  void read_field(const YAML::Node& key, const YAML::Node& body, event_spec& e);
  void declare_ids(const YAML::Node& owner, scope& s, std::string_view where);
  void declare_tracks(const YAML::Node& root);
  void read_track_instantiation(const YAML::Node& n, track& t);
  void read_transitions(const YAML::Node& owner, scope& s, std::string_view where);
  void read_prerequisite(const YAML::Node& r, const scope& s, const std::string& what,
                         std::vector<prerequisite>& out);
  std::optional<anchor> read_anchor(const YAML::Node& a, const scope& s, const std::string& what);
  void read_milestone_body(const YAML::Node& n, const scope& s, milestone& m, bool in_chain);
  void check_offset(const YAML::Node& n, const milestone& m, const scope& s);
  void read_milestones(const YAML::Node& owner, scope& s);
  void read_chains(const YAML::Node& owner, scope& s);
  void read_obligations(const YAML::Node& owner, scope& s);
  void read_headline_milestones(const YAML::Node& root);
  void read_conflicts(const YAML::Node& root);

  // procedure_overlay.cpp: a procedure that extends another.
  struct layer_text {
    std::string file, text;
    std::optional<int> version;  // as the file that extends it pinned it
  };
  struct layer {
    std::string file;
    int first_line = 0;  // its "---" line in the combined text (1-based)
  };
  static bool is_overlay(const YAML::Node& root);
  procedure run_overlay(std::string_view overlay_text, const YAML::Node& overlay_root);
  std::optional<layer_text> resolve_base(const YAML::Node& extends, const std::string& from_file);
  void apply_overlay(YAML::Node base, const YAML::Node& overlay);
  void merge_meta(YAML::Node base, const YAML::Node& key, const YAML::Node& overlay_meta);
  void merge_section(YAML::Node owner, const YAML::Node& key, const YAML::Node& changes);
  void remove_items(YAML::Node owner, const YAML::Node& remove, std::string_view where);
  static void set_key(YAML::Node map, const YAML::Node& key, const YAML::Node& value);
  static void merge_entries(YAML::Node owner, const YAML::Node& key, const YAML::Node& base_map,
                            const YAML::Node& changes);
  position in_layer(position at, std::string* file) const;
  void remap_positions();

  // procedure_validate.cpp: graph checks and warnings.
  void validate();
  void validate_machine(const machine& m, const scope& s, std::string_view where);
  void validate_dependencies();
  void add_warnings();

  std::string file_;
  std::string_view source_;  // the text being read, during run()
  procedure p_;
  std::vector<diagnostic> diagnostics_;
  scope review_scope_;
  std::vector<scope> track_scopes_;
  std::vector<YAML::Node> track_nodes_;
  std::set<std::string> branches_;
  std::vector<layer> layers_;  // an overlay's files, the overlay first (empty otherwise)
  std::string reporting_in_;   // a base being read on its own: errors are in this file
};

}  // namespace scr
