#pragma once
// Shared by the chronology tests: the invented case's setup, read from
// tests/data/chronology/setup.yaml with yaml-cpp (not through the library's
// own reader, which the tests check).

#include <yaml-cpp/yaml.h>

#include <string>

#include "scr/chronology.hpp"

namespace {

const std::string chronology_data_dir = std::string(SCR_TEST_DATA_DIR) + "/chronology/";

// The review's terms of reference, acronyms and known names, with the
// format asked for.
[[maybe_unused]] scr::chronology_setup setup_for(const std::string& format) {
  auto s = scr::chronology_setup::with_format(scr::chronology_format::builtin(format));
  const YAML::Node y = YAML::LoadFile(chronology_data_dir + "setup.yaml");
  s.period_from = scr::parse_date(y["period"]["from"].as<std::string>());
  s.period_to = scr::parse_date(y["period"]["to"].as<std::string>());
  for (const auto& q : y["questions"]) s.questions.push_back(q.as<std::string>());
  for (const auto& a : y["acronyms"]) {
    s.acronyms.push_back({a["code"].as<std::string>(), a["kind"].as<std::string>(), a["meaning"].as<std::string>()});
  }
  for (const auto& n : y["known_names"]) s.known_names.push_back(n.as<std::string>());
  return s;
}

}  // namespace
