#include "merge_command.hpp"

#include <fmt/format.h>

#include <iostream>

#include "base/file_text.hpp"
#include "base/atomic_file.hpp"
#include "base/errors.hpp"
#include "report/event_merge.hpp"
#include "report/junit_merge.hpp"
#include "state/durations_file.hpp"

namespace dbtest::runner {
namespace {

namespace fs = std::filesystem;

std::string text_of(const fs::path& file) {
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw UsageError("cannot merge " + file.string() + ": it is a folder");
  auto text = read_file_text(file);
  if (!text) throw UsageError("cannot read " + file.string());
  return std::move(*text);
}

int merge_junit(const MergeRequest& request) {
  std::vector<JunitReport> reports;
  for (const auto& input : request.inputs) reports.push_back({input.string(), text_of(input)});
  write_file_atomically(request.output, merge_junit_reports(reports));
  std::cout << fmt::format("merged {} JUnit report{} into {}\n", reports.size(), reports.size() == 1 ? "" : "s",
                           request.output.string());
  return 0;
}

int merge_events(const MergeRequest& request) {
  std::vector<EventStream> streams;
  for (const auto& input : request.inputs) streams.push_back({input.string(), text_of(input)});
  write_file_atomically(request.output, merge_event_streams(streams));
  std::cout << fmt::format("merged {} event stream{} into {}\n", streams.size(), streams.size() == 1 ? "" : "s",
                           request.output.string());
  return 0;
}

int merge_durations(const MergeRequest& request) {
  Durations merged;
  for (const auto& input : request.inputs) {
    std::error_code ec;
    if (!fs::exists(input, ec)) throw UsageError("cannot read " + input.string());
    // Later files win: each part measured its own tests last.
    for (const auto& [key, seconds] : read_durations_strictly(input)) merged[key] = seconds;
  }
  write_durations(request.output, merged);
  std::cout << fmt::format("merged {} durations file{} ({} tests) into {}\n", request.inputs.size(),
                           request.inputs.size() == 1 ? "" : "s", merged.size(), request.output.string());
  return 0;
}

}  // namespace

int run_merge_reports(const Options& options) {
  const auto& request = options.merge;
  switch (request.kind) {
    case MergeRequest::Kind::junit_xml:
      return merge_junit(request);
    case MergeRequest::Kind::durations:
      return merge_durations(request);
    case MergeRequest::Kind::events:
      return merge_events(request);
  }
  return merge_junit(request);
}

}  // namespace dbtest::runner
