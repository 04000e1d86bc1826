// What changed between two procedures, in the procedure's own language
// (scr/procedure.hpp: procedure_change, diff).
//
// Both are compared as the YAML they write back (procedure::to_yaml): every
// element by its id (a transition by its event, from, to and guard), and
// each of its keys by value. A milestone's anchor, timescale and time are
// said together as its rule ("15 working days after panel_notified.notified_on").

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scr/procedure.hpp"

namespace scr {

namespace {

// A value as one line of YAML ("{event: a, field: b}", "[x, y]", "text").
std::string flow(const YAML::Node& n) {
  if (!n.IsDefined() || n.IsNull()) return "";
  if (n.IsScalar()) return n.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << n;
  return out.c_str();
}

// The keys a milestone's rule is made of, said together as `due`.
bool part_of_rule(std::string_view key) {
  return key == "anchor" || key == "within" || key == "before" || key == "due_time";
}

struct element {
  std::string id;
  YAML::Node body;
};

// The elements of a section: a list of items with ids, a map by name, or
// (transitions) a list keyed by what each says.
std::vector<element> elements_of(const YAML::Node& section, std::string_view kind) {
  std::vector<element> out;
  if (!section.IsDefined()) return out;
  if (section.IsMap()) {
    for (const auto& kv : section) out.push_back({kv.first.Scalar(), kv.second});
    return out;
  }
  if (!section.IsSequence()) return out;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < section.size(); ++i) {
    const YAML::Node item = section[i];
    std::string id;
    if (kind == "transition") {
      // Its `from` as a set: the same states in another order are the same row.
      std::vector<std::string> from;
      if (item["from"].IsSequence())
        for (const auto& f : item["from"]) from.push_back(flow(f));
      else
        from.push_back(flow(item["from"]));
      std::sort(from.begin(), from.end());
      std::string states;
      for (const auto& f : from) states += (states.empty() ? "" : ", ") + f;
      id = flow(item["event"]) + " from " + (from.size() == 1 ? states : "[" + states + "]");
      if (item["to"].IsDefined()) id += " to " + flow(item["to"]);
      if (item["when"].IsDefined()) id += " when " + flow(item["when"]);
      if (item["branch"].IsDefined()) id += " branch " + flow(item["branch"]);
    } else if (kind == "conflict") {
      id = flow(item["rule"]);
      if (id.empty()) id = flow(item);
    } else {
      id = item.IsMap() && item["id"].IsDefined() ? item["id"].Scalar() : flow(item);
    }
    // The same row twice (a transition written again): the second is "#2".
    if (const int n = ++seen[id]; n > 1) id += " #" + std::to_string(n);
    out.push_back({std::move(id), item});
  }
  return out;
}

class differ {
 public:
  differ(const procedure& a, const procedure& b) : a_(a), b_(b) {}

  std::vector<procedure_change> run() {
    const YAML::Node a = YAML::Load(a_.to_yaml());
    const YAML::Node b = YAML::Load(b_.to_yaml());
    meta(a["procedure"], b["procedure"]);
    section(a["roles"], b["roles"], "role", "");
    section(a["conflicts"], b["conflicts"], "conflict", "");
    machine_sections(a, b, "");
    section(a["tracks"], b["tracks"], "track", "");
    return std::move(out_);
  }

 private:
  // The keys of an element not compared as values: its id, what a
  // milestone's rule says together, a chain's steps and a track's lists
  // (compared item by item), and a transition's `from` (part of its id, as a
  // set: changed, it is another row).
  static bool compared_apart(std::string_view kind, std::string_view k) {
    if (k == "id") return true;
    if (kind == "milestone") return part_of_rule(k);
    if (kind == "chain") return k == "steps";
    if (kind == "transition") return k == "from";
    if (kind == "track") {
      return k == "states" || k == "events" || k == "transitions" || k == "milestones" || k == "chains" ||
             k == "obligations";
    }
    return false;
  }

  static const element* find(const std::vector<element>& list, const std::string& id) {
    for (const auto& e : list)
      if (e.id == id) return &e;
    return nullptr;
  }

  void add(std::string element_kind, std::string track, std::string id, std::string change, std::string key = "",
           std::string from = "", std::string to = "") {
    procedure_change c;
    c.element = std::move(element_kind);
    c.track = std::move(track);
    c.id = std::move(id);
    c.change = std::move(change);
    c.key = std::move(key);
    c.from = std::move(from);
    c.to = std::move(to);
    out_.push_back(std::move(c));
  }

  void compare_value(const std::string& kind, const std::string& track, const std::string& id, const std::string& key,
                     const YAML::Node& a, const YAML::Node& b) {
    // Nested maps (an event's data, its fields) key by key: "data.notified_on".
    if (a.IsDefined() && b.IsDefined() && a.IsMap() && b.IsMap() && key != "anchor") {
      for (const auto& kv : a) compare_value(kind, track, id, key + "." + kv.first.Scalar(), kv.second, b[kv.first.Scalar()]);
      for (const auto& kv : b)
        if (!a[kv.first.Scalar()].IsDefined())
          compare_value(kind, track, id, key + "." + kv.first.Scalar(), YAML::Node(), kv.second);
      return;
    }
    const std::string fa = flow(a), fb = flow(b);
    if (fa != fb) add(kind, track, id, "changed", key, fa, fb);
  }

  void meta(const YAML::Node& a, const YAML::Node& b) {
    for (const auto& kv : a) {
      const std::string k = kv.first.Scalar();
      if (k == "choices" || k == "sources") continue;
      compare_value("procedure", "", "", k, kv.second, b[k]);
    }
    for (const auto& kv : b) {
      const std::string k = kv.first.Scalar();
      if (k != "choices" && k != "sources" && !a[k].IsDefined()) compare_value("procedure", "", "", k, YAML::Node(), kv.second);
    }
    for (const char* k : {"choices", "sources"}) {
      const std::string kind = std::string(k) == "choices" ? "choice" : "source";
      const auto ea = elements_of(a[k], kind), eb = elements_of(b[k], kind);
      for (const auto& e : ea) {
        const auto* other = find(eb, e.id);
        if (other == nullptr) add(kind, "", e.id, "removed");
        else if (flow(e.body) != flow(other->body)) add(kind, "", e.id, "changed", "text", flow(e.body), flow(other->body));
      }
      for (const auto& e : eb)
        if (find(ea, e.id) == nullptr) add(kind, "", e.id, "added", "text", "", flow(e.body));
    }
  }

  void machine_sections(const YAML::Node& a, const YAML::Node& b, const std::string& track) {
    section(a["states"], b["states"], "state", track);
    section(a["events"], b["events"], "event", track);
    section(a["transitions"], b["transitions"], "transition", track);
    section(a["milestones"], b["milestones"], "milestone", track);
    section(a["chains"], b["chains"], "chain", track);
    section(a["obligations"], b["obligations"], "obligation", track);
  }

  const machine& machine_of(const procedure& p, const std::string& track) const {
    if (track.empty()) return p;
    for (const auto& t : p.tracks())
      if (t.id == track) return t;
    return p;
  }

  void section(const YAML::Node& a, const YAML::Node& b, const std::string& kind, const std::string& track) {
    const auto ea = elements_of(a, kind), eb = elements_of(b, kind);
    for (const auto& e : ea) {
      const auto* other = find(eb, e.id);
      if (other == nullptr) {
        add(kind, track, e.id, "removed");
        continue;
      }
      if (kind == "milestone") {
        const milestone* ma = machine_of(a_, track).find_milestone(e.id);
        const milestone* mb = machine_of(b_, track).find_milestone(e.id);
        if (ma != nullptr && mb != nullptr && rule_text(*ma) != rule_text(*mb)) {
          add(kind, track, e.id, "changed", "due", rule_text(*ma), rule_text(*mb));
        } else if (flow(e.body["anchor"]) != flow(other->body["anchor"])) {
          // The rule reads the same, the anchor differs (which occurrence of a field's event).
          add(kind, track, e.id, "changed", "anchor", flow(e.body["anchor"]), flow(other->body["anchor"]));
        }
      }
      if (!e.body.IsMap() || !other->body.IsMap()) {
        if (flow(e.body) != flow(other->body)) add(kind, track, e.id, "changed", "", flow(e.body), flow(other->body));
        continue;
      }
      if (kind == "chain") section(e.body["steps"], other->body["steps"], "milestone", track);  // step by step
      if (kind == "track") machine_sections(e.body, other->body, e.id);  // its own lists, as the review's
      for (const auto& kv : e.body) {
        const std::string k = kv.first.Scalar();
        if (!compared_apart(kind, k)) compare_value(kind, track, e.id, k, kv.second, other->body[k]);
      }
      for (const auto& kv : other->body) {
        const std::string k = kv.first.Scalar();
        if (!compared_apart(kind, k) && !e.body[k].IsDefined()) compare_value(kind, track, e.id, k, YAML::Node(), kv.second);
      }
    }
    for (const auto& e : eb) {
      if (find(ea, e.id) != nullptr) continue;
      std::string what;
      if (kind == "milestone") {
        if (const milestone* m = machine_of(b_, track).find_milestone(e.id)) what = rule_text(*m);
      }
      add(kind, track, e.id, "added", what.empty() ? "" : "due", "", what);
    }
  }

  const procedure& a_;
  const procedure& b_;
  std::vector<procedure_change> out_;
};

}  // namespace

std::string procedure_change::to_string() const {
  std::string out = track.empty() ? std::string() : "track " + track + ": ";
  out += element;
  if (!id.empty()) out += " " + id;
  if (change == "added" || change == "removed") {
    out += ": " + change;
    if (!to.empty()) out += " (" + (key.empty() ? std::string() : key + " ") + to + ")";
    return out;
  }
  out += ": " + (key.empty() ? std::string() : key + " ");
  const auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
  out += shown(from) + " -> " + shown(to);
  return out;
}

std::vector<procedure_change> diff(const procedure& from, const procedure& to) { return differ(from, to).run(); }

}  // namespace scr
