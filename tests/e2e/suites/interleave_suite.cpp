// Two failing tests that print many lines at the same time on two workers.
// Each failure must reach the terminal as one unbroken block.
#include <dbtest/dbtest.hpp>

#include <chrono>
#include <iostream>
#include <thread>

namespace {

void chatter(const char* who) {
  for (int i = 0; i < 40; ++i) {
    std::cout << who << " line " << i << std::endl;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

TEST(Left, FailsWhileTalking) {
  chatter("LEFT");
  FAIL() << "left is done";
}

TEST(Right, FailsWhileTalking) {
  chatter("RIGHT");
  FAIL() << "right is done";
}
