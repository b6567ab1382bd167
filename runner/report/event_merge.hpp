// Joins the event streams (--events) of a partitioned run's parts into one
// stream: every part's events, in order, each marked with the part it came
// from, and a closing `parts_merged` event with the counts of all parts
// (docs/events.md).
#pragma once

#include <string>
#include <vector>

namespace dbtest::runner {

struct EventStream {
  std::string name;  // for messages: the file it came from
  std::string text;  // newline-delimited JSON
};

// Throws UsageError naming the stream and line that is not an event.
std::string merge_event_streams(const std::vector<EventStream>& streams);

}  // namespace dbtest::runner
