// How the tests are cut into units of work (--dist).
#pragma once

namespace dbtest::runner {

// suite: a whole suite per unit, so SetUpTestSuite runs once per worker that
// takes it; test: one test per unit, for the finest balance; isosuite: one
// test per unit, and one suite at a time, each spread over every worker
// (app/scheduling_rules.cpp makes each suite a stage of its own).
enum class Distribution { suite, test, isosuite };

}  // namespace dbtest::runner
