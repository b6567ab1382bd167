#include "event_merge.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

#include "base/errors.hpp"

namespace dbtest::runner {
namespace {

constexpr int kSchema = 1;
const char* const kCounts[] = {"passed", "failed", "crashed", "timed_out", "skipped", "flaky", "not_run", "unfinished"};

// The exit status that says most: an error over a failure over a pass.
int worse(int a, int b) {
  const auto rank = [](int status) { return status == 2 ? 3 : status == 130 ? 2 : status == 1 ? 1 : 0; };
  return rank(b) > rank(a) ? b : a;
}

}  // namespace

std::string merge_event_streams(const std::vector<EventStream>& streams) {
  std::string out;
  nlohmann::json counts = nlohmann::json::object();
  for (const char* key : kCounts) counts[key] = 0;
  int exit_status = 0;
  int unfinished_parts = 0;
  for (std::size_t part = 0; part < streams.size(); ++part) {
    const auto& stream = streams[part];
    std::istringstream lines(stream.text);
    std::string line;
    bool finished = false;
    for (int number = 1; std::getline(lines, line); ++number) {
      if (line.empty()) continue;
      auto event = nlohmann::json::parse(line, nullptr, false);
      if (event.is_discarded() || !event.is_object() || !event.contains("event") || !event["event"].is_string()) {
        throw UsageError(stream.name + ":" + std::to_string(number) + " is not a dbtest event");
      }
      if (event.value("schema", 0) != kSchema) {
        throw UsageError(stream.name + ":" + std::to_string(number) + ": schema " + event.value("schema", nlohmann::json()).dump() +
                         " is not dbtest's event schema " + std::to_string(kSchema));
      }
      event["part"] = static_cast<int>(part) + 1;
      if (event["event"] == "run_finished") {
        finished = true;
        for (const char* key : kCounts) {
          if (event.contains("counts") && event["counts"].value(key, nlohmann::json()).is_number_integer()) {
            counts[key] = counts[key].get<long long>() + event["counts"][key].get<long long>();
          }
        }
        if (event.value("exit_status", nlohmann::json()).is_number_integer()) {
          exit_status = worse(exit_status, event["exit_status"].get<int>());
        }
      }
      out += event.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    }
    if (!finished) ++unfinished_parts;
  }
  const nlohmann::json merged = {{"schema", kSchema},
                                 {"event", "parts_merged"},
                                 {"parts", streams.size()},
                                 {"parts_unfinished", unfinished_parts},
                                 {"counts", counts},
                                 {"exit_status", exit_status}};
  return out + merged.dump() + "\n";
}

}  // namespace dbtest::runner
