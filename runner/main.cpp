#include "app/main_entry.hpp"

int main(int argc, char** argv) { return dbtest::runner::main_entry(argc, argv); }
