// How the tests are cut into units of work (--dist).
#pragma once

namespace dbtest::runner {

// suite: a whole suite per unit, so SetUpTestSuite runs once per worker that
// takes it; test: one test per unit, for the finest balance.
enum class Distribution { suite, test };

}  // namespace dbtest::runner
