# Warnings for our own code only: linked PRIVATE so generated protobuf code is left alone.
add_library(coalition_warnings INTERFACE)
add_library(coalition::warnings ALIAS coalition_warnings)
target_compile_options(coalition_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Werror
  -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
