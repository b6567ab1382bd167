// --bisect TEST and --pair TEST: find the tests that make TEST fail when they
// run before it on the same database.
//
// The candidates are the tests that ran before TEST on its worker process in
// the latest recorded run where TEST failed (a --sequence run, which ran a
// few tests on purpose, does not count); with no such run, every other
// selected test of TEST's binary, in the order the binary lists them. Every
// probe runs some
// candidates, in their order, then TEST, in a worker of its own on a fresh
// clone; independent probes run at once on --parallel workers.
#pragma once

#include "cli/options.hpp"
#include "report/status_printer.hpp"
#include "run_session.hpp"
#include "state/run_history.hpp"
#include "selection.hpp"

namespace dbtest::runner {

// Prints the hunt and its verdict. 0 when the hunt reached a verdict, 130
// when it was interrupted; errors are thrown.
int run_hunt(const Options& options, const Selection& selection, const RunHistory& history, RunSession& session,
             StatusPrinter& printer);

}  // namespace dbtest::runner
