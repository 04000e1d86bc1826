// Writing a procedure out: YAML (round-trips through the loader), Graphviz DOT
// and Mermaid.

#include <yaml-cpp/yaml.h>

#include <map>
#include <algorithm>
#include <sstream>
#include <string>

#include "scr/procedure.hpp"
#include "text.hpp"

namespace scr {

namespace {

// ---- YAML ----------------------------------------------------------------------

// What a track's instances are, in a diagram: "agency", or the field that
// keys them ("action").
std::string per(const track& t) {
  std::string noun = t.agency_field.empty() ? "agency" : t.agency_field;
  std::replace(noun.begin(), noun.end(), '_', ' ');
  return noun;
}

void emit_list(YAML::Emitter& out, const char* key, const std::vector<std::string>& items, bool flow = true) {
  if (items.empty()) return;
  // Citations ("001:348") are quoted so that YAML 1.1 readers do not take
  // them for sexagesimal numbers.
  const bool quote = std::string_view(key) == "cite";
  out << YAML::Key << key << YAML::Value;
  if (flow) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const auto& i : items) {
    if (quote) out << YAML::DoubleQuoted;
    out << i;
  }
  out << YAML::EndSeq;
}

void emit_text(YAML::Emitter& out, const char* key, const std::string& value) {
  if (!value.empty()) out << YAML::Key << key << YAML::Value << value;
}

void emit_anchor(YAML::Emitter& out, const anchor& a) {
  out << YAML::Key << "anchor" << YAML::Value;
  if (a.kind == anchor_kind::scheduled) {
    if (a.set_by.empty()) {
      out << "scheduled";
    } else {
      out << YAML::Flow << YAML::BeginMap << YAML::Key << "scheduled" << YAML::Value << a.set_by << YAML::EndMap;
    }
    return;
  }
  out << YAML::Flow << YAML::BeginMap;
  out << YAML::Key << (a.kind == anchor_kind::milestone ? "milestone" : "event") << YAML::Value << a.ref;
  if (a.kind == anchor_kind::event_field) out << YAML::Key << "field" << YAML::Value << a.field;
  if (a.which == occurrence::latest) out << YAML::Key << "occurrence" << YAML::Value << "latest";
  out << YAML::EndMap;
}

void emit_milestone_fields(YAML::Emitter& out, const milestone& m, bool step) {
  out << YAML::Key << "id" << YAML::Value << m.id;
  out << YAML::Key << "title" << YAML::Value << m.title;
  emit_text(out, "description", m.description);
  out << YAML::Key << "owner" << YAML::Value << m.owner;
  if (!step) emit_anchor(out, m.from);
  if (m.offset) {
    out << YAML::Key << (m.dir == direction::before ? "before" : "within") << YAML::Value
        << m.offset->to_string();
  }
  out << YAML::Key << "kind" << YAML::Value << std::string(to_string(m.kind));
  out << YAML::Key << "strength" << YAML::Value << std::string(to_string(m.level));
  if (m.warning) out << YAML::Key << "warning" << YAML::Value << m.warning->to_string();
  if (m.due_time) out << YAML::Key << "due_time" << YAML::Value << YAML::DoubleQuoted << m.due_time->to_string();
  emit_list(out, "completed_by", m.completed_by);
  if (m.completed_when) out << YAML::Key << "completed_when" << YAML::Value << m.completed_when->text();
  emit_list(out, "reopened_by", m.reopened_by);
  out << YAML::Key << "hold" << YAML::Value << std::string(to_string(m.hold));
  emit_list(out, "branches", m.branches);
  emit_list(out, "extendable_by", m.extendable_by);
  emit_list(out, "cite", m.cite);
  if (m.confidence != confidence::unstated) {
    out << YAML::Key << "confidence" << YAML::Value << std::string(to_string(m.confidence));
  }
  emit_text(out, "basis", m.basis);
}

void emit_machine(YAML::Emitter& out, const machine& m) {
  out << YAML::Key << "states" << YAML::Value << YAML::BeginSeq;
  for (const auto& s : m.states) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << s.id;
    out << YAML::Key << "kind" << YAML::Value << std::string(to_string(s.kind));
    out << YAML::Key << "title" << YAML::Value << s.title;
    emit_text(out, "description", s.description);
    emit_list(out, "cite", s.cite);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  out << YAML::Key << "events" << YAML::Value << YAML::BeginMap;
  for (const auto& e : m.events) {
    out << YAML::Key << e.name << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "title" << YAML::Value << e.title;
    emit_text(out, "description", e.description);
    if (!e.data.empty()) {
      out << YAML::Key << "data" << YAML::Value << YAML::BeginMap;
      for (const auto& f : e.data) {
        out << YAML::Key << f.name << YAML::Value << YAML::BeginMap;
        out << YAML::Key << "type" << YAML::Value << std::string(to_string(f.type));
        emit_text(out, "title", f.title);
        emit_list(out, "values", f.values);
        if (f.required) out << YAML::Key << "required" << YAML::Value << "true";
        if (f.required_when) out << YAML::Key << "required_when" << YAML::Value << f.required_when->text();
        out << YAML::EndMap;
      }
      out << YAML::EndMap;
    }
    emit_list(out, "cite", e.cite);
    out << YAML::EndMap;
  }
  out << YAML::EndMap;

  out << YAML::Key << "transitions" << YAML::Value << YAML::BeginSeq;
  for (const auto& t : m.transitions) {
    out << YAML::BeginMap;
    if (t.id != t.event) out << YAML::Key << "id" << YAML::Value << t.id;
    out << YAML::Key << "event" << YAML::Value << t.event;
    if (t.from_any) {
      out << YAML::Key << "from" << YAML::Value << YAML::DoubleQuoted << "*";
    } else {
      emit_list(out, "from", t.from);
    }
    if (t.to) out << YAML::Key << "to" << YAML::Value << *t.to;
    emit_list(out, "roles", t.roles);
    if (t.when) out << YAML::Key << "when" << YAML::Value << t.when->text();
    emit_text(out, "branch", t.branch);
    if (!t.requires_.empty()) {
      out << YAML::Key << "requires" << YAML::Value << YAML::BeginSeq;
      for (const auto& r : t.requires_) {
        out << YAML::Flow << YAML::BeginMap;
        switch (r.kind) {
          case prerequisite_kind::milestone: out << YAML::Key << "milestone" << YAML::Value << r.id; break;
          case prerequisite_kind::obligation: out << YAML::Key << "obligation" << YAML::Value << r.id; break;
          case prerequisite_kind::every_agency:
            out << YAML::Key << "every_agency" << YAML::Value << (r.track + "." + r.id);
            break;
        }
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
    }
    emit_list(out, "cite", t.cite);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  bool any_plain = false;
  for (const auto& ms : m.milestones) any_plain = any_plain || ms.chain.empty();
  if (any_plain) {
    out << YAML::Key << "milestones" << YAML::Value << YAML::BeginSeq;
    for (const auto& ms : m.milestones) {
      if (!ms.chain.empty()) continue;
      out << YAML::BeginMap;
      emit_milestone_fields(out, ms, false);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!m.chains.empty()) {
    out << YAML::Key << "chains" << YAML::Value << YAML::BeginSeq;
    for (const auto& c : m.chains) {
      out << YAML::BeginMap;
      out << YAML::Key << "id" << YAML::Value << c.id;
      out << YAML::Key << "title" << YAML::Value << c.title;
      emit_anchor(out, c.from);
      out << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
      for (const auto& step : c.steps) {
        out << YAML::BeginMap;
        emit_milestone_fields(out, *m.find_milestone(step), true);
        out << YAML::EndMap;
      }
      out << YAML::EndSeq;
      emit_list(out, "cite", c.cite);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  if (!m.obligations.empty()) {
    out << YAML::Key << "obligations" << YAML::Value << YAML::BeginSeq;
    for (const auto& o : m.obligations) {
      out << YAML::BeginMap;
      out << YAML::Key << "id" << YAML::Value << o.id;
      out << YAML::Key << "title" << YAML::Value << o.title;
      emit_text(out, "description", o.description);
      out << YAML::Key << "owner" << YAML::Value << o.owner;
      emit_list(out, "recipients", o.recipients);
      out << YAML::Key << "trigger" << YAML::Value << YAML::Flow << YAML::BeginMap;
      switch (o.on.kind) {
        case trigger_kind::event: out << YAML::Key << "event" << YAML::Value << o.on.ref; break;
        case trigger_kind::milestone_met: out << YAML::Key << "milestone" << YAML::Value << o.on.ref; break;
        case trigger_kind::extension: out << YAML::Key << "extension" << YAML::Value << o.on.ref; break;
      }
      if (o.on.when) out << YAML::Key << "when" << YAML::Value << o.on.when->text();
      out << YAML::EndMap;
      if (o.within) out << YAML::Key << "within" << YAML::Value << o.within->to_string();
      if (o.repeat) out << YAML::Key << "repeat" << YAML::Value << o.repeat->to_string();
      emit_text(out, "until", o.until);
      emit_text(out, "discharged_by", o.discharged_by);
      if (o.after_closure) out << YAML::Key << "after_closure" << YAML::Value << o.after_closure->to_string();
      out << YAML::Key << "kind" << YAML::Value << std::string(to_string(o.kind));
      out << YAML::Key << "strength" << YAML::Value << std::string(to_string(o.level));
      emit_list(out, "branches", o.branches);
      emit_list(out, "cite", o.cite);
      if (o.confidence != confidence::unstated) {
        out << YAML::Key << "confidence" << YAML::Value << std::string(to_string(o.confidence));
      }
      emit_text(out, "basis", o.basis);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
}

// ---- diagrams --------------------------------------------------------------------

std::string dot_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

using detail::join;

std::string transition_label(const transition& t) {
  std::string label = t.event;
  if (t.when) label += " [" + t.when->text() + "]";
  if (!t.roles.empty()) label += "\n(" + join(t.roles, ", ") + ")";
  return label;
}


void dot_machine(std::ostringstream& out, const machine& m, const std::string& prefix, const std::string& indent) {
  for (const auto& s : m.states) {
    out << indent << '"' << prefix << s.id << "\" [label=\"" << dot_escape(s.title) << "\"";
    switch (s.kind) {
      case state_kind::initial: out << ", style=\"rounded,bold\""; break;
      case state_kind::terminal: out << ", peripheries=2"; break;
      case state_kind::waiting: out << ", style=\"rounded,dashed\""; break;
      case state_kind::active: break;
    }
    out << "];\n";
  }
  for (const auto& t : m.transitions) {
    for (const auto& f : t.from) {
      const std::string to = t.to ? *t.to : f;
      out << indent << '"' << prefix << f << "\" -> \"" << prefix << to << "\" [label=\""
          << dot_escape(transition_label(t)) << "\"";
      if (!t.to) out << ", style=dotted";
      out << "];\n";
    }
  }
}

void dot_milestones(std::ostringstream& out, const machine& m, const std::string& prefix,
                    const std::string& indent) {
  for (const auto& ms : m.milestones) {
    out << indent << "\"m:" << prefix << ms.id << "\" [shape=note, label=\"" << dot_escape(ms.title) << "\\n"
        << dot_escape(rule_text(ms)) << " (" << to_string(ms.kind);
    if (!ms.cite.empty()) out << "; " << dot_escape(join(ms.cite, ", "));
    out << ")\"];\n";
    if (ms.from.kind == anchor_kind::milestone) {
      const bool local = m.find_milestone(ms.from.ref) != nullptr;
      out << indent << "\"m:" << (local ? prefix : std::string()) << ms.from.ref << "\" -> \"m:" << prefix << ms.id
          << "\";\n";
    }
  }
}

std::string mermaid_id(const std::string& prefix, const std::string& id) {
  std::string out = prefix + id;
  for (char& c : out)
    if (c == '-' || c == '.') c = '_';
  // Words Mermaid's state-diagram grammar reserves.
  for (const char* word : {"end", "state", "note", "direction", "click", "class", "classDef", "style"})
    if (out == word) return out + "_";
  return out;
}

std::string mermaid_text(std::string_view s) {
  // Mermaid's state-diagram grammar gives ':' ';' '#' '"' '{' '}' meanings of
  // their own; a title's "stage: detail" reads as "stage - detail".
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') {
      out += " -";
    } else if (c == ':' || c == ';' || c == '"' || c == '#' || c == '{' || c == '}' || c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void mermaid_machine(std::ostringstream& out, const machine& m, const std::string& prefix,
                     const std::string& indent) {
  for (const auto& s : m.states) {
    out << indent << "state \"" << mermaid_text(s.title) << "\" as " << mermaid_id(prefix, s.id) << "\n";
  }
  if (const state* init = m.initial_state()) out << indent << "[*] --> " << mermaid_id(prefix, init->id) << "\n";
  for (const auto& t : m.transitions) {
    for (const auto& f : t.from) {
      std::string label = t.event;
      if (t.when) label += " [" + t.when->text() + "]";
      out << indent << mermaid_id(prefix, f) << " --> " << mermaid_id(prefix, t.to ? *t.to : f) << " : "
          << mermaid_text(label) << "\n";
    }
  }
  for (const auto& s : m.states) {
    if (s.kind == state_kind::terminal) out << indent << mermaid_id(prefix, s.id) << " --> [*]\n";
  }
  // Each milestone as a note on the state where the event that meets it is
  // recorded (the initial state when no row of this machine records it).
  std::map<std::string, std::vector<std::string>> notes;
  std::vector<std::string> order;
  for (const auto& ms : m.milestones) {
    std::string where;
    for (const auto& e : ms.completed_by) {
      for (const auto& t : m.transitions) {
        if (t.event == e && !t.from.empty()) {
          where = t.from.front();
          break;
        }
      }
      if (!where.empty()) break;
    }
    if (where.empty() && m.initial_state()) where = m.initial_state()->id;
    if (where.empty()) continue;
    if (!notes.count(where)) order.push_back(where);
    notes[where].push_back(ms.id + " - " + rule_text(ms) + " (" + std::string(to_string(ms.kind)) + ")");
  }
  for (const auto& where : order) {
    out << indent << "note right of " << mermaid_id(prefix, where) << "\n";
    for (const auto& line : notes[where]) out << indent << "  " << mermaid_text(line) << "\n";
    out << indent << "end note\n";
  }
}

}  // namespace

std::string procedure::to_yaml() const {
  YAML::Emitter out;
  out.SetIndent(2);
  out << YAML::BeginMap;
  out << YAML::Key << "procedure" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "id" << YAML::Value << id_;
  out << YAML::Key << "title" << YAML::Value << title_;
  out << YAML::Key << "version" << YAML::Value << version_;
  out << YAML::Key << "effective_from" << YAML::Value << format_date(effective_from_);
  out << YAML::Key << "opened_by" << YAML::Value << opened_by_;
  out << YAML::Key << "calendar" << YAML::Value << calendar_;
  emit_text(out, "review_type", review_type_);
  emit_text(out, "decision", decision_);
  emit_text(out, "completion", completion_);
  if (retention_) out << YAML::Key << "retention" << YAML::Value << retention_->to_string();
  if (chronology_) {
    out << YAML::Key << "chronology" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "format" << YAML::Value << chronology_->format;
    emit_text(out, "track", chronology_->track);
    emit_text(out, "submitted", chronology_->submitted);
    emit_text(out, "returned", chronology_->returned);
    out << YAML::EndMap;
  }
  if (action_plan_) {
    const auto& a = *action_plan_;
    out << YAML::Key << "action_plan" << YAML::Value << YAML::BeginMap;
    for (const auto& [key, value] :
         {std::pair<const char*, const std::string*>{"approved", &a.approved}, {"recommended", &a.recommended},
          {"track", &a.track}, {"updated", &a.updated}, {"completed", &a.completed}, {"signed_off", &a.signed_off},
          {"returned", &a.returned}, {"due", &a.due}, {"review", &a.review}, {"update", &a.update}, {"mark", &a.mark}})
      emit_text(out, key, *value);
    emit_list(out, "smart", a.smart);
    emit_list(out, "vague", a.vague);
    emit_list(out, "types", a.types);
    out << YAML::EndMap;
  }
  emit_list(out, "corrections", correctors_);
  emit_text(out, "description", description_);
  if (!sources_.empty()) {
    out << YAML::Key << "sources" << YAML::Value << YAML::BeginMap;
    for (const auto& s : sources_) out << YAML::Key << YAML::DoubleQuoted << s.key << YAML::Value << s.title;
    out << YAML::EndMap;
  }
  if (!choices_.empty()) {
    out << YAML::Key << "choices" << YAML::Value << YAML::BeginMap;
    for (const auto& c : choices_) out << YAML::Key << c.id << YAML::Value << c.text;
    out << YAML::EndMap;
  }
  out << YAML::EndMap;

  out << YAML::Key << "roles" << YAML::Value << YAML::BeginSeq;
  for (const auto& r : roles_) {
    out << YAML::BeginMap;
    out << YAML::Key << "id" << YAML::Value << r.id;
    out << YAML::Key << "title" << YAML::Value << r.title;
    emit_text(out, "description", r.description);
    emit_list(out, "cite", r.cite);
    out << YAML::EndMap;
  }
  out << YAML::EndSeq;

  if (!conflicts_.empty()) {
    out << YAML::Key << "conflicts" << YAML::Value << YAML::BeginSeq;
    for (const auto& c : conflicts_) {
      out << YAML::BeginMap;
      out << YAML::Key << "kind" << YAML::Value << std::string(to_string(c.kind));
      emit_list(out, "roles", c.roles);
      emit_text(out, "declaration", c.declaration);
      out << YAML::Key << "severity" << YAML::Value << std::string(to_string(c.level));
      out << YAML::Key << "rule" << YAML::Value << c.rule;
      emit_list(out, "cite", c.cite);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }

  emit_machine(out, *this);

  if (!tracks_.empty()) {
    out << YAML::Key << "tracks" << YAML::Value << YAML::BeginSeq;
    for (const auto& t : tracks_) {
      out << YAML::BeginMap;
      out << YAML::Key << "id" << YAML::Value << t.id;
      out << YAML::Key << "title" << YAML::Value << t.title;
      out << YAML::Key << "instantiated_by" << YAML::Value << YAML::Flow << YAML::BeginMap << YAML::Key << "event"
          << YAML::Value << t.instantiated_by << YAML::Key << "field" << YAML::Value << t.agency_field
          << YAML::EndMap;
      emit_machine(out, t);
      out << YAML::EndMap;
    }
    out << YAML::EndSeq;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string procedure::to_dot() const {
  std::ostringstream out;
  out << "// " << id_ << " version " << version_ << ": " << title_ << "\n";
  out << "digraph \"" << dot_escape(id_) << "\" {\n";
  out << "  graph [rankdir=LR, fontname=\"Helvetica\", label=\"" << dot_escape(title_) << " (version "
      << version_ << ")\", labelloc=t];\n";
  out << "  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n";
  out << "  edge [fontname=\"Helvetica\", fontsize=10];\n";
  dot_machine(out, *this, "", "  ");
  for (const auto& t : tracks_) {
    out << "  subgraph \"cluster_track_" << dot_escape(t.id) << "\" {\n";
    out << "    label=\"Per " << per(t) << ": " << dot_escape(t.title) << "\";\n";
    dot_machine(out, t, t.id + ".", "    ");
    out << "  }\n";
    if (const state* s = t.initial_state()) {
      for (const auto& tr : transitions) {
        if (tr.event != t.instantiated_by) continue;
        for (const auto& f : tr.from) {
          out << "  \"" << f << "\" -> \"" << t.id << "." << s->id << "\" [style=dashed, label=\"" << t.instantiated_by
              << " (each " << per(t) << ")\"];\n";
        }
        break;
      }
    }
  }
  if (!milestones.empty() || !tracks_.empty()) {
    out << "  subgraph \"cluster_milestones\" {\n";
    out << "    label=\"Milestones: deadlines and what they run from\";\n";
    out << "    node [shape=note, style=\"\"];\n";
    dot_milestones(out, *this, "", "    ");
    for (const auto& t : tracks_) dot_milestones(out, t, t.id + ".", "    ");
    out << "  }\n";
  }
  out << "}\n";
  return out.str();
}

std::string procedure::to_mermaid() const {
  std::ostringstream out;
  out << "---\ntitle: " << mermaid_text(title_) << " (version " << version_ << ")\n---\n";
  out << "stateDiagram-v2\n";
  mermaid_machine(out, *this, "", "  ");
  for (const auto& t : tracks_) {
    out << "  state \"Per " << per(t) << ": " << mermaid_text(t.title) << "\" as track_" << mermaid_id("", t.id) << " {\n";
    mermaid_machine(out, t, t.id + "_", "    ");
    out << "  }\n";
    for (const auto& tr : transitions) {
      if (tr.event != t.instantiated_by) continue;
      for (const auto& f : tr.from) {
        out << "  " << mermaid_id("", f) << " --> track_" << mermaid_id("", t.id) << " : "
            << mermaid_text(t.instantiated_by) << " (each " << per(t) << ")\n";
      }
      break;
    }
  }
  return out.str();
}

std::string rule_text(const milestone& m) {
  std::string anchor_text;
  switch (m.from.kind) {
    case anchor_kind::event:
      anchor_text = (m.from.which == occurrence::latest ? "latest " : "") + m.from.ref;
      break;
    case anchor_kind::event_field: anchor_text = m.from.ref + "." + m.from.field; break;
    case anchor_kind::milestone: anchor_text = m.from.ref; break;
    case anchor_kind::scheduled:
      anchor_text = "date set by " + (m.from.set_by.empty() ? std::string("the panel") : m.from.set_by);
      break;
  }
  std::string out;
  if (m.from.kind == anchor_kind::scheduled) out = anchor_text;
  else if (!m.offset) out = "on " + anchor_text;
  else out = m.offset->to_string() + (m.dir == direction::before ? " before " : " after ") + anchor_text;
  if (m.due_time) out += " at " + m.due_time->to_string();
  return out;
}

}  // namespace scr
