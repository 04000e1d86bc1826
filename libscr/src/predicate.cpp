// Predicates over event data: a small recursive-descent parser and evaluator.
//
//   expr   := and ('or' and)*
//   and    := unary ('and' unary)*
//   unary  := 'not' unary | '(' expr ')' | test
//   test   := FIELD ('==' | '!=') VALUE | FIELD 'in' '[' VALUE (',' VALUE)* ']' | FIELD
//   VALUE  := word | number | 'quoted' | "quoted"

#include <algorithm>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "scr/procedure.hpp"

namespace scr {

struct predicate::node {
  enum class op : std::uint8_t { eq, ne, in, truthy, not_, and_, or_ };
  op kind = op::truthy;
  std::string field;
  std::vector<std::string> values;
  std::vector<node> children;
};

namespace {

using node = predicate::node;
using op = predicate::node::op;

bool word_char(char c, bool first) {
  const auto u = static_cast<unsigned char>(c);
  if (std::isalpha(u) || c == '_') return true;
  return !first && (std::isdigit(u) || c == '-' || c == '.' || c == ':');
}

bool is_bare(const std::string& v) {
  if (v.empty()) return false;
  if (v == "and" || v == "or" || v == "not" || v == "in") return false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto u = static_cast<unsigned char>(v[i]);
    if (!(std::isalnum(u) || v[i] == '_' || v[i] == '-' || v[i] == '.' || v[i] == ':')) return false;
  }
  return true;
}

std::string quote_value(const std::string& v) {
  if (is_bare(v)) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

class parser {
 public:
  explicit parser(std::string_view text) : s_(text) {}

  node parse() {
    skip();
    if (pos_ == s_.size()) fail("an empty condition");
    node n = parse_or();
    skip();
    if (pos_ != s_.size()) fail("unexpected '" + std::string(s_.substr(pos_, 1)) + "'");
    return n;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw input_error("invalid condition '" + std::string(s_) + "': " + what + " at column " +
                      std::to_string(pos_ + 1));
  }

  void skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t')) ++pos_;
  }

  bool keyword(std::string_view kw) {
    skip();
    if (s_.substr(pos_, kw.size()) != kw) return false;
    const std::size_t end = pos_ + kw.size();
    if (end < s_.size() && word_char(s_[end], false)) return false;
    pos_ = end;
    return true;
  }

  bool punct(std::string_view p) {
    skip();
    if (s_.substr(pos_, p.size()) != p) return false;
    pos_ += p.size();
    return true;
  }

  std::string word(const char* what) {
    skip();
    const std::size_t start = pos_;
    if (pos_ < s_.size() && word_char(s_[pos_], true)) {
      ++pos_;
      while (pos_ < s_.size() && word_char(s_[pos_], false)) ++pos_;
    }
    if (start == pos_) fail(std::string("expected ") + what);
    return std::string(s_.substr(start, pos_ - start));
  }

  std::string value() {
    skip();
    if (pos_ < s_.size() && (s_[pos_] == '\'' || s_[pos_] == '"')) {
      const char q = s_[pos_++];
      std::string out;
      while (pos_ < s_.size() && s_[pos_] != q) {
        if (s_[pos_] == '\\' && pos_ + 1 < s_.size()) ++pos_;
        out += s_[pos_++];
      }
      if (pos_ == s_.size()) fail("unterminated quoted value");
      ++pos_;
      return out;
    }
    const std::size_t start = pos_;
    while (pos_ < s_.size()) {
      const auto u = static_cast<unsigned char>(s_[pos_]);
      if (!(std::isalnum(u) || s_[pos_] == '_' || s_[pos_] == '-' || s_[pos_] == '.' ||
            s_[pos_] == ':'))
        break;
      ++pos_;
    }
    if (start == pos_) fail("expected a value");
    return std::string(s_.substr(start, pos_ - start));
  }

  node parse_or() {
    node first = parse_and();
    if (!peek_keyword("or")) return first;
    node n;
    n.kind = op::or_;
    n.children.push_back(std::move(first));
    while (keyword("or")) n.children.push_back(parse_and());
    return n;
  }

  node parse_and() {
    node first = parse_unary();
    if (!peek_keyword("and")) return first;
    node n;
    n.kind = op::and_;
    n.children.push_back(std::move(first));
    while (keyword("and")) n.children.push_back(parse_unary());
    return n;
  }

  bool peek_keyword(std::string_view kw) {
    const std::size_t saved = pos_;
    const bool found = keyword(kw);
    pos_ = saved;
    return found;
  }

  node parse_unary() {
    if (++depth_ > 64) fail("conditions nested too deeply");
    node result;
    if (keyword("not")) {
      result.kind = op::not_;
      result.children.push_back(parse_unary());
    } else if (punct("(")) {
      result = parse_or();
      if (!punct(")")) fail("expected ')'");
    } else {
      result = parse_test();
    }
    --depth_;
    return result;
  }

  node parse_test() {
    node n;
    n.field = word("a field name");
    if (n.field == "and" || n.field == "or" || n.field == "in") fail("expected a field name");
    if (punct("==")) {
      n.kind = op::eq;
      n.values.push_back(value());
    } else if (punct("!=")) {
      n.kind = op::ne;
      n.values.push_back(value());
    } else if (keyword("in")) {
      n.kind = op::in;
      if (!punct("[")) fail("expected '[' after 'in'");
      n.values.push_back(value());
      while (punct(",")) n.values.push_back(value());
      if (!punct("]")) fail("expected ']'");
    } else {
      n.kind = op::truthy;
    }
    return n;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  int depth_ = 0;
};

std::string render(const node& n, int parent_precedence) {
  switch (n.kind) {
    case op::eq: return n.field + " == " + quote_value(n.values[0]);
    case op::ne: return n.field + " != " + quote_value(n.values[0]);
    case op::truthy: return n.field;
    case op::in: {
      std::string out = n.field + " in [";
      for (std::size_t i = 0; i < n.values.size(); ++i) {
        if (i) out += ", ";
        out += quote_value(n.values[i]);
      }
      return out + "]";
    }
    case op::not_: return "not " + render(n.children[0], 3);
    case op::and_:
    case op::or_: {
      const int precedence = n.kind == op::and_ ? 2 : 1;
      std::string out;
      for (std::size_t i = 0; i < n.children.size(); ++i) {
        if (i) out += n.kind == op::and_ ? " and " : " or ";
        out += render(n.children[i], precedence);
      }
      return precedence < parent_precedence ? "(" + out + ")" : out;
    }
  }
  return {};
}

struct value_text {
  std::string operator()(std::monostate) const { return {}; }
  std::string operator()(bool b) const { return b ? "true" : "false"; }
  std::string operator()(std::int64_t i) const { return std::to_string(i); }
  std::string operator()(const std::string& s) const { return s; }
  std::string operator()(const date& d) const { return format_date(d); }
  std::string operator()(const instant& t) const { return format_instant(t); }
};

bool evaluate(const node& n, const event_data& data) {
  switch (n.kind) {
    case op::and_:
      return std::all_of(n.children.begin(), n.children.end(),
                         [&](const node& c) { return evaluate(c, data); });
    case op::or_:
      return std::any_of(n.children.begin(), n.children.end(),
                         [&](const node& c) { return evaluate(c, data); });
    case op::not_: return !evaluate(n.children[0], data);
    default: break;
  }
  const auto it = data.find(n.field);
  const bool present = it != data.end() && !std::holds_alternative<std::monostate>(it->second);
  if (n.kind == op::truthy) {
    if (!present) return false;
    if (const bool* b = std::get_if<bool>(&it->second)) return *b;
    return true;
  }
  if (!present) return n.kind == op::ne;
  const std::string v = std::visit(value_text{}, it->second);
  const bool listed = std::find(n.values.begin(), n.values.end(), v) != n.values.end();
  return n.kind == op::ne ? !listed : listed;
}

// Three-valued evaluation: fields missing from `known` are unknown.
enum class tri : std::uint8_t { no, yes, unknown };

tri evaluate_known(const node& n, const event_data& known) {
  switch (n.kind) {
    case op::and_: {
      tri out = tri::yes;
      for (const node& c : n.children) {
        const tri r = evaluate_known(c, known);
        if (r == tri::no) return tri::no;
        if (r == tri::unknown) out = tri::unknown;
      }
      return out;
    }
    case op::or_: {
      tri out = tri::no;
      for (const node& c : n.children) {
        const tri r = evaluate_known(c, known);
        if (r == tri::yes) return tri::yes;
        if (r == tri::unknown) out = tri::unknown;
      }
      return out;
    }
    case op::not_: {
      const tri r = evaluate_known(n.children[0], known);
      return r == tri::unknown ? tri::unknown : (r == tri::yes ? tri::no : tri::yes);
    }
    default:
      if (known.find(n.field) == known.end()) return tri::unknown;
      return evaluate(n, known) ? tri::yes : tri::no;
  }
}

void collect_fields(const node& n, std::vector<std::string>& out) {
  if (!n.field.empty() && std::find(out.begin(), out.end(), n.field) == out.end())
    out.push_back(n.field);
  for (const node& c : n.children) collect_fields(c, out);
}

void collect_values(const node& n, std::string_view field, std::vector<std::string>& out) {
  if (n.field == field) {
    for (const auto& v : n.values)
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  for (const node& c : n.children) collect_values(c, field, out);
}

}  // namespace

predicate predicate::parse(std::string_view text) {
  predicate p;
  auto root = std::make_shared<node>(parser(text).parse());
  p.text_ = render(*root, 0);
  p.root_ = std::move(root);
  return p;
}

bool predicate::holds(const event_data& data) const {
  return root_ ? evaluate(*root_, data) : true;
}

bool predicate::may_hold(const event_data& known) const {
  return root_ ? evaluate_known(*root_, known) != tri::no : true;
}

std::vector<std::string> predicate::fields() const {
  std::vector<std::string> out;
  if (root_) collect_fields(*root_, out);
  return out;
}

std::vector<std::string> predicate::values_of(std::string_view field) const {
  std::vector<std::string> out;
  if (root_) collect_values(*root_, field, out);
  return out;
}

}  // namespace scr
