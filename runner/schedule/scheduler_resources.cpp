// --dist isosuite: the master's side of dbtest::suite_resource(). Each suite
// is a stage. The first worker to ask sets the resource up while the others
// wait; once the suite's last test has ended everywhere, one worker that
// holds the teardown runs it, and the next suite starts only after that. A
// worker that dies holding a role passes it on.
#include <fmt/format.h>

#include "scheduler.hpp"

namespace dbtest::runner {
namespace {

// A second death while setting up fails the suite instead of trying a third.
constexpr int kMostSetupDeaths = 2;

}  // namespace

void Scheduler::resource_wanted(int slot_id, Slot& slot, const std::string& suite) {
  Resource& r = resources_[{slot.binary, suite}];
  if (slot.unit) r.stage = slot.unit->stage;
  r.registered.insert(slot_id);
  switch (r.state) {
    case Resource::State::not_asked:
      r.state = Resource::State::setting_up;
      r.setup_slot = slot_id;
      pool_.send(slot_id, protocol::ResourceRole{suite, "set_up"});
      break;
    case Resource::State::setting_up: r.waiting.insert(slot_id); break;
    case Resource::State::ready: pool_.send(slot_id, protocol::ResourceRole{suite, "ready", "", published_}); break;
    case Resource::State::failed: pool_.send(slot_id, protocol::ResourceRole{suite, "failed", r.error}); break;
  }
}

void Scheduler::resource_set_up(int slot_id, Slot& slot, const protocol::ResourceSetUp& m) {
  Resource& r = resources_[{slot.binary, m.suite}];
  if (r.setup_slot != slot_id) return;
  r.setup_slot = -1;
  r.state = m.error.empty() ? Resource::State::ready : Resource::State::failed;
  r.error = m.error;
  // The worker that set it up waits for the word too, with the facts.
  r.waiting.insert(slot_id);
  for (const int waiting : r.waiting) {
    pool_.send(waiting, m.error.empty() ? protocol::ResourceRole{m.suite, "ready", "", published_}
                                        : protocol::ResourceRole{m.suite, "failed", m.error});
  }
  r.waiting.clear();
}

void Scheduler::resource_torn_down(int slot_id, Slot& slot, const protocol::ResourceTornDown& m) {
  if (slot.tearing_down != m.suite) return;
  slot.tearing_down.reset();
  if (slot.state == State::busy) slot.state = State::idle;
  resources_[{slot.binary, m.suite}].teardown = Resource::Teardown::done;
  if (!m.error.empty()) report_suite_failure(slot.binary, m.suite, slot_id, "its shared teardown failed: " + m.error);
}

void Scheduler::resources_lose_worker(int slot_id, Slot& slot) {
  for (auto& [key, r] : resources_) {
    r.registered.erase(slot_id);
    r.waiting.erase(slot_id);
    if (r.setup_slot == slot_id) {
      r.setup_slot = -1;
      if (++r.setup_deaths >= kMostSetupDeaths) {
        r.state = Resource::State::failed;
        r.error = fmt::format("the worker running its shared set-up died, {} times", r.setup_deaths);
        for (const int waiting : r.waiting) pool_.send(waiting, protocol::ResourceRole{key.second, "failed", r.error});
        r.waiting.clear();
      } else if (!r.waiting.empty()) {
        // The role passes to a worker that waits for it.
        r.setup_slot = *r.waiting.begin();
        r.waiting.erase(r.waiting.begin());
        pool_.send(r.setup_slot, protocol::ResourceRole{key.second, "set_up"});
      } else {
        r.state = Resource::State::not_asked;
      }
    }
  }
  if (slot.tearing_down) {
    // Someone else who holds the teardown runs it, or nobody can.
    resources_[{slot.binary, *slot.tearing_down}].teardown = Resource::Teardown::not_due;
    slot.tearing_down.reset();
  }
}

void Scheduler::start_due_teardowns() {
  if (!config_.isosuite || shutting_down_) return;
  const int earliest = earliest_open_stage();
  for (auto& [key, r] : resources_) {
    if (r.teardown != Resource::Teardown::not_due || r.stage >= earliest) continue;
    if (r.state != Resource::State::ready && r.state != Resource::State::failed) continue;
    if (r.registered.empty()) {
      r.teardown = Resource::Teardown::done;
      report_suite_failure(key.first, key.second, 0,
                           "its shared teardown did not run: no worker that holds it is left");
      continue;
    }
    for (const int id : r.registered) {
      Slot& slot = slots_[id];
      if (slot.state != State::idle) continue;
      slot.state = State::busy;
      slot.tearing_down = key.second;
      slot.phase_since = std::chrono::steady_clock::now();
      r.teardown = Resource::Teardown::running;
      pool_.send(id, protocol::TearDownResource{key.second});
      break;
    }
  }
}

bool Scheduler::teardown_pending_before(int stage) const {
  for (const auto& [key, r] : resources_) {
    if (r.stage < stage && r.state != Resource::State::not_asked && r.teardown != Resource::Teardown::done) return true;
  }
  return false;
}

bool Scheduler::holds_pending_teardown(int slot_id) const {
  for (const auto& [key, r] : resources_) {
    if (r.registered.count(slot_id) && r.state != Resource::State::not_asked &&
        r.teardown != Resource::Teardown::done) {
      return true;
    }
  }
  return false;
}

void Scheduler::report_suite_failure(int binary, const std::string& suite, int slot_id, const std::string& message) {
  report({binary, suite, suite, true, Outcome::failed, 0, slot_id, {{"", 0, message}}, {}}, nullptr);
}

}  // namespace dbtest::runner
