// COALITION_CHECK: our own invariants (a posting that does not balance), checked in every build.
// Breaking one means a bug that must not write money, so it aborts with the place and the
// reason. Requests from outside are never checked this way: they get an absl::Status.
//
//   COALITION_CHECK(sum == 0, "posting legs must balance before the write");
#pragma once

#include <cstdio>
#include <cstdlib>

#define COALITION_CHECK(condition, message)                                                   \
  do {                                                                                        \
    if (!(condition)) {                                                                       \
      std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, message, \
                   #condition);                                                               \
      std::abort();                                                                           \
    }                                                                                         \
  } while (false)
