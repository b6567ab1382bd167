#include "github_annotations.hpp"

#include <fmt/format.h>

#include "text_format.hpp"

namespace dbtest::runner {
namespace {

// What GitHub's toolkit escapes: in a message %, CR and LF; in a property
// also ':' and ',', which separate properties.
std::string escaped(const std::string& text, bool property) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string lowercase(std::string text) {
  for (auto& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

std::string relative_to(const std::string& file, const std::string& workspace) {
  if (workspace.empty() || file.size() <= workspace.size() || file.compare(0, workspace.size(), workspace) != 0) return file;
  const char separator = file[workspace.size()];
  if (separator != '/' && separator != '\\') return file;
  return file.substr(workspace.size() + 1);
}

std::string command(const char* kind, const std::string& file, int line, const std::string& title,
                    const std::string& message, const std::string& workspace) {
  std::string properties;
  if (!file.empty()) {
    properties = "file=" + escaped(relative_to(file, workspace), true);
    if (line > 0) properties += fmt::format(",line={}", line);
    properties += ",";
  }
  properties += "title=" + escaped(title, true);
  std::string text = message;
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return fmt::format("::{} {}::{}\n", kind, properties, escaped(printable(text), false));
}

}  // namespace

std::string github_annotations(const RunResults& run, const std::string& workspace) {
  std::string out;
  for (const auto& r : run.results) {
    if (r.superseded) continue;
    if (is_failure(r.outcome)) {
      const std::string title = r.name + " " + lowercase(outcome_label(r.outcome));
      if (r.failures.empty()) out += command("error", "", 0, title, title, workspace);
      for (const auto& f : r.failures) out += command("error", f.file, f.line, title, f.message, workspace);
    } else if (r.flaky) {
      out += command("warning", "", 0, r.name + " is flaky",
                     fmt::format("{} passed on attempt {} after failing before", r.name, r.attempt), workspace);
    }
  }
  return out;
}

}  // namespace dbtest::runner
