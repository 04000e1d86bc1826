// Overlays: a procedure that `extends` another and lists only what it
// changes (docs/procedure-language.md, "Overlays"). Part of the loader
// (procedure_loader.hpp).
//
// The overlay and every base under it are read as one YAML stream, one
// document each, so that every node keeps a mark that says which file it came
// from and where. The bases' trees are merged from the bottom up: each
// overlay's changes replace, add or remove the base's nodes themselves, so a
// value taken from the overlay keeps the overlay's position. The merged tree
// is then read and checked as any procedure is: an error in what the overlay
// wrote is positioned in the overlay; one in what it kept of a base names the
// base's file (or `builtin:ID`) and its line.

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <system_error>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "procedure_loader.hpp"
#include "scr/error.hpp"
#include "suggest.hpp"
#include "utf8.hpp"

namespace scr {

namespace {

constexpr int max_overlay_depth = 8;

// The lists whose items are identified by `id`, at the top of a procedure or
// in a track.
constexpr std::string_view listed_by_id[] = {"roles", "states", "milestones", "chains", "obligations", "tracks"};

bool is_listed_by_id(std::string_view key) {
  return std::find(std::begin(listed_by_id), std::end(listed_by_id), key) != std::end(listed_by_id);
}

std::string scalar_of(const YAML::Node& n) { return n.IsDefined() && n.IsScalar() ? n.Scalar() : std::string(); }

std::string id_of(const YAML::Node& item) { return item.IsMap() ? scalar_of(item["id"]) : std::string(); }

// Two YAML values alike (scalars by text, lists and maps by their items).
bool same_value(const YAML::Node& a, const YAML::Node& b) {
  if (a.Type() != b.Type()) return false;
  if (a.IsScalar()) return a.Scalar() == b.Scalar();
  if (a.IsSequence()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_value(a[i], b[i])) return false;
    return true;
  }
  if (a.IsMap()) {
    if (a.size() != b.size()) return false;
    for (const auto& kv : a) {
      const YAML::Node other = b[kv.first.Scalar()];
      if (!other.IsDefined() || !same_value(kv.second, other)) return false;
    }
    return true;
  }
  return a.IsNull() && b.IsNull();
}

// A map's value for `key`, or an undefined node: never adds the key, as a
// non-const operator[] would (an undefined pair that hides a later insert).
YAML::Node lookup(const YAML::Node& map, const std::string& key) {
  if (!map.IsDefined() || !map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  return map[key];
}

YAML::Node item_at(const YAML::Node& list, std::size_t i) { return list[i]; }

// A file's text without a byte order mark (only the stream's first is read as one).
std::string without_bom(std::string text) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  return text;
}

// A transition's `from` as a set: one state or a list of them.
std::vector<std::string> states_of(const YAML::Node& from) {
  std::vector<std::string> out;
  if (from.IsScalar()) out.push_back(from.Scalar());
  if (from.IsSequence())
    for (const auto& s : from) out.push_back(scalar_of(s));
  std::sort(out.begin(), out.end());
  return out;
}

// A base's text: a regular file of at most 16 MB (not a device, a pipe or a
// directory, which could never end or hold a procedure), or "" if not.
std::string read_file(const std::filesystem::path& path) {
  constexpr std::uintmax_t most = 16U << 20U;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::file_size(path, ec) > most || ec) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

bool procedure_loader::is_overlay(const YAML::Node& root) { return root.IsMap() && root["extends"].IsDefined(); }

std::optional<procedure_loader::layer_text> procedure_loader::resolve_base(const YAML::Node& extends,
                                                                           const std::string& from_file) {
  // extends: {id: ID, version: N} (a built-in pack), or {file: PATH} (relative
  // to the file that extends it), or "ID@N".
  std::string id, file;
  std::optional<int> version;
  if (extends.IsScalar()) {
    const std::string text = extends.Scalar();
    const auto at = text.rfind('@');
    if (at == std::string::npos) {
      error(extends, "overlay-base",
            "'extends' names a built-in pack with its version, as ID@VERSION (e.g. england-2023-lcspr@3), or is "
            "{id: ..., version: ...} or {file: ...}");
      return std::nullopt;
    }
    id = text.substr(0, at);
    try {
      std::size_t used = 0;
      version = std::stoi(text.substr(at + 1), &used);
      if (used != text.size() - at - 1) version.reset();
    } catch (const std::exception&) {
      version.reset();
    }
    if (!version) {
      error(extends, "overlay-base", "'" + text + "': the version after '@' must be a whole number");
      return std::nullopt;
    }
  } else if (extends.IsMap()) {
    check_keys(extends, {"id", "version", "file"}, "'extends'");
    id = scalar_of(extends["id"]);
    file = scalar_of(extends["file"]);
    if (extends["version"].IsDefined()) {
      try {
        version = extends["version"].as<int>();
      } catch (const YAML::Exception&) {
        error(extends["version"], "overlay-base", "the version of the base must be a whole number");
        return std::nullopt;
      }
    }
    if (id.empty() == file.empty()) {
      error(extends, "overlay-base", "'extends' gives either a built-in pack's id and version or a file, not both");
      return std::nullopt;
    }
  } else {
    error(extends, "overlay-base", "'extends' must be ID@VERSION, {id: ..., version: ...} or {file: ...}");
    return std::nullopt;
  }

  if (!file.empty()) {
    std::filesystem::path path(file);
    if (path.is_relative() && !from_file.empty() && from_file.rfind("builtin:", 0) != 0 && from_file.front() != '<') {
      path = std::filesystem::path(from_file).parent_path() / path;
    }
    std::string text = read_file(path);
    if (text.empty()) {
      error(extends, "overlay-base",
            "cannot read the base procedure file '" + path.string() + "' (a file of at most 16 MB is expected)");
      return std::nullopt;
    }
    return layer_text{path.string(), std::move(text), version};
  }
  if (!version) {
    error(extends, "overlay-base",
          "'extends' names built-in pack '" + id + "' without its version: give the version the overlay was "
          "written against (version: N), so that a later correction of the pack is a change the board sees");
    return std::nullopt;
  }
  const auto ids = procedure::builtin_ids();
  if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
    std::string known;
    for (const auto& k : ids) known += (known.empty() ? "" : ", ") + k;
    error(extends, "overlay-base",
          "no built-in pack '" + id + "'" + detail::did_you_mean(id, ids) + " (built in: " + known + ")");
    return std::nullopt;
  }
  return layer_text{"builtin:" + id, std::string(procedure::builtin_source(id)), version};
}

procedure procedure_loader::run_overlay(std::string_view overlay_text, const YAML::Node& overlay_root) {
  // The chain of files, the overlay first. Each base is read on its own
  // first, to follow its own `extends`; what is wrong there is reported in
  // that file.
  std::vector<layer_text> chain{{file_, std::string(overlay_text), std::nullopt}};
  const auto same_file = [](const std::string& a, const std::string& b) {
    if (a == b) return true;
    if (a.rfind("builtin:", 0) == 0 || b.rfind("builtin:", 0) == 0) return false;
    std::error_code ec1, ec2;
    const auto ca = std::filesystem::weakly_canonical(a, ec1), cb = std::filesystem::weakly_canonical(b, ec2);
    return !ec1 && !ec2 && ca == cb;
  };
  // (A YAML::Node is never assigned to here: assignment makes the node it
  // held refer to the other's data, so a list of them is built by copies.)
  std::vector<YAML::Node> read{overlay_root};
  const auto stop = [&] {
    reporting_in_.clear();
    return std::move(p_);
  };
  while (is_overlay(read.back())) {
    if (chain.size() > 1) reporting_in_ = chain.back().file;
    const YAML::Node extends = lookup(read.back(), "extends");
    if (static_cast<int>(chain.size()) > max_overlay_depth) {
      error(extends, "overlay-base",
            "more than " + std::to_string(max_overlay_depth) + " procedures extend one another here");
      return stop();
    }
    auto base = resolve_base(extends, chain.back().file);
    if (!base) return stop();
    for (const auto& l : chain) {
      if (same_file(l.file, base->file)) {
        error(extends, "overlay-base", "'" + base->file + "' extends itself, through " + chain.front().file);
        return stop();
      }
    }
    base->text = without_bom(std::move(base->text));
    if (detail::first_invalid_utf8(base->text)) {
      error(extends, "encoding", "the base '" + base->file + "' is not valid UTF-8");
      return stop();
    }
    try {
      read.push_back(YAML::Load(base->text));
    } catch (const YAML::Exception& e) {
      error(extends, "overlay-base",
            "the base '" + base->file + "' is not valid YAML (line " + std::to_string(e.mark.line + 1) + "): " + e.msg);
      return stop();
    }
    if (!read.back().IsMap()) {
      error(extends, "overlay-base", "the base '" + base->file + "' is not a procedure");
      return stop();
    }
    chain.push_back(std::move(*base));
  }
  reporting_in_.clear();

  // One stream, one document a file: each node's mark places it.
  std::string combined;
  int line = 0;
  for (auto& l : chain) {
    combined += "---\n";
    ++line;
    layers_.push_back({l.file, line});
    combined += without_bom(l.text);
    if (combined.back() != '\n') combined += '\n';
    line = static_cast<int>(std::count(combined.begin(), combined.end(), '\n'));
  }
  source_ = combined;
  std::vector<YAML::Node> all;
  try {
    all = YAML::LoadAll(combined);
  } catch (const YAML::Exception& e) {
    // A quoted value a file never closes runs on into the next file's
    // "---": said at the end of the file that opened it.
    const bool unclosed = e.msg.find("document indicator") != std::string::npos;
    error_at(from_mark(e.mark), "yaml-syntax",
             unclosed ? "not valid YAML: a quoted value is not closed before the end of the file"
                      : "not valid YAML: " + e.msg);
    return std::move(p_);
  }
  // A file that begins with its own "---" adds an empty document before it.
  std::vector<YAML::Node> docs;
  for (const auto& d : all)
    if (!d.IsNull()) docs.push_back(d);
  if (docs.size() != chain.size()) {
    error_at({layers_.front().first_line + 1, 1}, "overlay-base",
             "each procedure file (the overlay and every base) must hold one YAML document");
    return std::move(p_);
  }

  // The base's version, as the overlay pinned it; the overlay's own identity.
  const auto version_of = [](const YAML::Node& doc) -> std::optional<int> {
    const YAML::Node v = lookup(lookup(doc, "procedure"), "version");
    if (!v.IsDefined() || !v.IsScalar()) return std::nullopt;
    try {
      return v.as<int>();
    } catch (const YAML::Exception&) {
      return std::nullopt;
    }
  };
  for (std::size_t i = 1; i < chain.size(); ++i) {
    const auto found = version_of(docs[i]);
    if (chain[i].version && found != chain[i].version) {
      error(lookup(docs[i - 1], "extends"), "overlay-base",
            "extends " + chain[i].file + " version " + std::to_string(*chain[i].version) + ", but " + chain[i].file +
                (found ? " is version " + std::to_string(*found) : std::string(" has no version")) +
                ": check what changed (scr procedures diff), then give the overlay that version");
      return std::move(p_);
    }
    const YAML::Node id = lookup(lookup(docs[i - 1], "procedure"), "id");
    const YAML::Node base_id = lookup(lookup(docs[i], "procedure"), "id");
    if (id.IsDefined() && base_id.IsDefined() && scalar_of(id) == scalar_of(base_id) && found &&
        version_of(docs[i - 1]) == found) {
      error(id, "overlay-identity",
            "the overlay has its base's id and version (" + scalar_of(id) + " version " + std::to_string(*found) +
                "): give it an id or version of its own, or reviews pinned to them could be under either");
      return std::move(p_);
    }
  }

  YAML::Node merged = docs.back();
  const std::size_t before = diagnostics_.size();
  try {
    for (std::size_t i = docs.size() - 1; i-- > 0;) apply_overlay(merged, docs[i]);
  } catch (const YAML::Exception& e) {
    error_at(from_mark(e.mark), "type", "unexpected structure: " + e.msg);
  }
  // A change the merge refused (a name to remove that is not there) is left
  // out and said; the rest is still read, so every error comes at once. A
  // shape it could not merge at all stops here.
  const bool merge_failed = std::any_of(diagnostics_.begin() + static_cast<std::ptrdiff_t>(before), diagnostics_.end(),
                                        [](const diagnostic& d) {
                                          return d.level == severity::error && d.rule != "overlay-unknown";
                                        });
  if (merge_failed) return std::move(p_);
  try {
    read_all(merged);
  } catch (const YAML::Exception& e) {
    error_at(from_mark(e.mark), "type", "unexpected structure: " + e.msg);
  }
  remap_positions();
  return std::move(p_);
}

void procedure_loader::apply_overlay(YAML::Node base, const YAML::Node& overlay) {
  if (!expect_map(overlay, "an overlay")) return;
  check_keys(overlay, {"extends", "remove", "procedure", "roles", "conflicts", "states", "events", "transitions",
                       "milestones", "chains", "obligations", "tracks"},
             "the overlay");
  // An overlay is a procedure of its own: its id and version are its own.
  const YAML::Node meta = overlay["procedure"];
  if (!meta.IsDefined() || !meta.IsMap() || !meta["id"].IsDefined() || !meta["version"].IsDefined()) {
    error(meta.IsDefined() ? meta : overlay, "overlay-identity",
          "an overlay gives its own procedure id and version (procedure: {id: ..., version: ...}): reviews opened "
          "under it are pinned to them");
    return;
  }
  if (const YAML::Node remove = overlay["remove"]; remove.IsDefined()) remove_items(base, remove, "the procedure");
  for (const auto& kv : overlay) {
    const std::string key = kv.first.Scalar();
    if (key == "extends" || key == "remove") continue;
    if (key == "procedure") {
      merge_meta(base, kv.first, kv.second);
    } else {
      merge_section(base, kv.first, kv.second);
    }
  }
}

void procedure_loader::merge_meta(YAML::Node base, const YAML::Node& key, const YAML::Node& overlay_meta) {
  if (!expect_map(overlay_meta, "'procedure'")) return;
  YAML::Node meta = lookup(base, "procedure");
  if (!meta.IsDefined() || !meta.IsMap()) {
    set_key(base, key, overlay_meta);
    return;
  }
  for (const auto& kv : overlay_meta) {
    const std::string k = kv.first.Scalar();
    YAML::Node existing = lookup(meta, k);
    if ((k == "choices" || k == "sources") && kv.second.IsMap() && existing.IsDefined() && existing.IsMap()) {
      // One entry at a time: a board's choice replaces the pack's, a new one is added.
      merge_entries(meta, kv.first, existing, kv.second);
    } else {
      set_key(meta, kv.first, kv.second);
    }
  }
}

void procedure_loader::set_key(YAML::Node map, const YAML::Node& key, const YAML::Node& value) {
  // The pair is replaced, not its value node: a value the base shares with
  // another key through a YAML alias stays as it is there. The overlay's
  // key and value keep the overlay's positions.
  const std::string k = key.Scalar();
  if (lookup(map, k).IsDefined()) map.remove(k);
  map.force_insert(key, value);
}

void procedure_loader::merge_entries(YAML::Node owner, const YAML::Node& key, const YAML::Node& base_map,
                                     const YAML::Node& changes) {
  // In the base's order (choices are listed, fields asked for, in it), the
  // overlay's value for each entry it gives, then its new entries.
  YAML::Node merged(YAML::NodeType::Map);
  for (const auto& entry : base_map) {
    const YAML::Node mine = lookup(changes, entry.first.Scalar());
    merged.force_insert(entry.first, mine.IsDefined() ? mine : entry.second);
  }
  for (const auto& entry : changes)
    if (!lookup(base_map, entry.first.Scalar()).IsDefined()) merged.force_insert(entry.first, entry.second);
  set_key(owner, key, merged);
}

void procedure_loader::merge_section(YAML::Node owner, const YAML::Node& key, const YAML::Node& changes) {
  const std::string k = key.Scalar();
  YAML::Node existing = lookup(owner, k);
  if (k == "events") {
    if (!expect_map(changes, "'events'")) return;
    if (!existing.IsDefined() || !existing.IsMap()) {
      set_key(owner, key, changes);
      return;
    }
    for (const auto& kv : changes) {
      YAML::Node event = lookup(existing, kv.first.Scalar());
      if (!event.IsDefined() || !event.IsMap() || !kv.second.IsMap()) {
        set_key(existing, kv.first, kv.second);  // a new event
        continue;
      }
      for (const auto& field : kv.second) {
        const std::string f = field.first.Scalar();
        YAML::Node data = lookup(event, f);
        if (f == "data" && field.second.IsMap() && data.IsDefined() && data.IsMap()) {
          merge_entries(event, field.first, data, field.second);  // field by field
        } else {
          set_key(event, field.first, field.second);
        }
      }
    }
    return;
  }
  if (k == "transitions" || k == "conflicts") {
    // These have no ids: an overlay adds its own (and removes the base's it
    // replaces under `remove`).
    if (!expect_list(changes, "'" + k + "'")) return;
    if (!existing.IsDefined() || !existing.IsSequence()) {
      set_key(owner, key, changes);
      return;
    }
    for (const auto& t : changes) existing.push_back(t);
    return;
  }
  if (!is_listed_by_id(k)) {
    set_key(owner, key, changes);
    return;
  }
  if (!expect_list(changes, "'" + k + "'")) return;
  if (!existing.IsDefined() || !existing.IsSequence()) {
    set_key(owner, key, changes);
    return;
  }
  for (const auto& item : changes) {
    const std::string id = id_of(item);
    if (id.empty()) {
      error(item, "overlay-shape",
            "each of an overlay's " + k + " is a mapping with the id of the base's it changes, or of a new one");
      continue;
    }
    std::optional<std::size_t> at;
    std::vector<std::string> known;
    for (std::size_t i = 0; i < existing.size(); ++i) {
      known.push_back(id_of(item_at(existing, i)));
      if (known.back() == id) at = i;
    }
    if (!at) {
      // A new one, read as any other; one named like the base's is said.
      if (const std::string near = detail::closest(id, known); !near.empty()) {
        warn_at(pos(item["id"]), "overlay-new",
                "'" + id + "' is not among the base's " + k + ", so the overlay adds it; to change the base's, use its "
                "id: did you mean '" + near + "'?");
      }
      existing.push_back(item);
      continue;
    }
    YAML::Node target = item_at(existing, *at);
    // A change: the keys it gives replace the base's; a track's own lists
    // are merged the same way, and it may remove its own items.
    const bool is_track = k == "tracks";
    if (is_track) {
      if (const YAML::Node remove = item["remove"]; remove.IsDefined()) remove_items(target, remove, "track " + id);
    }
    for (const auto& kv : item) {
      const std::string f = kv.first.Scalar();
      if (f == "id" || (is_track && f == "remove")) continue;
      if (is_track && (f == "states" || f == "events" || f == "transitions" || f == "milestones" || f == "chains" ||
                       f == "obligations")) {
        merge_section(target, kv.first, kv.second);
      } else {
        set_key(target, kv.first, kv.second);
      }
    }
  }
}

void procedure_loader::remove_items(YAML::Node owner, const YAML::Node& remove, std::string_view where) {
  if (!expect_map(remove, "'remove'")) return;
  check_keys(remove, {"roles", "states", "events", "transitions", "milestones", "chains", "obligations", "tracks",
                      "choices", "conflicts"},
             "'remove'");
  for (const auto& kv : remove) {
    const std::string k = kv.first.Scalar();
    if (!expect_list(kv.second, "'remove: " + k + "'")) continue;
    if (k == "choices") {
      YAML::Node choices = lookup(lookup(owner, "procedure"), "choices");
      for (const auto& name : kv.second) {
        if (!choices.IsDefined() || !choices.IsMap() || !lookup(choices, scalar_of(name)).IsDefined()) {
          error(name, "overlay-unknown", "the base has no choice '" + scalar_of(name) + "' to remove");
        } else {
          choices.remove(scalar_of(name));
        }
      }
      continue;
    }
    YAML::Node existing = lookup(owner, k);
    if (k == "events") {
      for (const auto& name : kv.second) {
        const std::string n = scalar_of(name);
        if (!existing.IsDefined() || !existing.IsMap() || !lookup(existing, n).IsDefined()) {
          std::vector<std::string> known;
          if (existing.IsMap())
            for (const auto& e : existing) known.push_back(e.first.Scalar());
          error(name, "overlay-unknown",
                "there is no event '" + n + "' in " + std::string(where) + " to remove" + detail::did_you_mean(n, known));
        } else {
          existing.remove(n);
        }
      }
      continue;
    }
    if (k == "transitions" || k == "conflicts") {
      // Matched by what they say: every base transition with the event (and
      // the from and to, if given) the entry names.
      for (const auto& spec : kv.second) {
        if (!expect_map(spec, "a transition to remove")) continue;
        if (k == "transitions") check_keys(spec, {"event", "from", "to"}, "a transition to remove");
        bool found = false;
        for (std::size_t i = existing.IsSequence() ? existing.size() : 0; i-- > 0;) {
          const YAML::Node t = item_at(existing, i);
          bool match = t.IsMap();
          for (const auto& f : spec) {
            if (!match) break;
            const YAML::Node have = lookup(t, f.first.Scalar());
            // `from` is a set of states: one, or a list in any order.
            match = have.IsDefined() && (f.first.Scalar() == "from" ? states_of(have) == states_of(f.second)
                                                                     : same_value(have, f.second));
          }
          if (match) {
            existing.remove(i);
            found = true;
          }
        }
        if (!found) {
          error(spec, "overlay-unknown",
                "no " + std::string(k == "transitions" ? "transition" : "conflict") + " in " + std::string(where) +
                    " matches this entry to remove");
        }
      }
      continue;
    }
    for (const auto& name : kv.second) {
      const std::string n = scalar_of(name);
      bool found = false;
      std::vector<std::string> known;
      for (std::size_t i = existing.IsSequence() ? existing.size() : 0; i-- > 0;) {
        known.push_back(id_of(item_at(existing, i)));
        if (known.back() == n) {
          existing.remove(i);
          found = true;
        }
      }
      if (!found) {
        std::string singular = k.substr(0, k.size() - 1);
        error(name, "overlay-unknown",
              "there is no " + singular + " '" + n + "' in " + std::string(where) + " to remove" +
                  detail::did_you_mean(n, known));
      }
    }
  }
}

position procedure_loader::in_layer(position at, std::string* file) const {
  if (layers_.empty() || at.line <= 0) return at;
  const layer* l = &layers_.front();
  // A position on a file's own "---" line is past the end of the file before.
  for (const auto& candidate : layers_)
    if (candidate.first_line < at.line) l = &candidate;
  if (file != nullptr) *file = l->file;
  return {at.line - l->first_line, at.column};
}

namespace {
template <class T>
void remap_all(std::vector<T>& items, const procedure_loader& loader) {
  for (auto& i : items) i.at = loader.layer_position(i.at);
}
}  // namespace

position procedure_loader::layer_position(position at) const { return in_layer(at, nullptr); }

void procedure_loader::remap_positions() {
  const auto machine_positions = [&](machine& m) {
    remap_all(m.states, *this);
    remap_all(m.events, *this);
    remap_all(m.transitions, *this);
    remap_all(m.milestones, *this);
    remap_all(m.chains, *this);
    remap_all(m.obligations, *this);
  };
  machine_positions(p_);
  remap_all(p_.roles_, *this);
  remap_all(p_.conflicts_, *this);
  for (auto& t : p_.tracks_) {
    machine_positions(t);
    t.at = layer_position(t.at);
  }
  if (p_.chronology_) p_.chronology_->at = layer_position(p_.chronology_->at);
  if (p_.action_plan_) p_.action_plan_->at = layer_position(p_.action_plan_->at);
}

}  // namespace scr
