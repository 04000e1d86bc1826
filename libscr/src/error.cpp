#include "scr/error.hpp"

namespace scr {

error::error(const std::string& what) : std::runtime_error(what) {}
input_error::input_error(const std::string& what) : error(what) {}
range_error::range_error(const std::string& what) : input_error(what) {}

}  // namespace scr
