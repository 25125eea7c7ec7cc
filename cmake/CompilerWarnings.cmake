# Warnings for our own code only: linked PRIVATE so generated protobuf code is left alone.
add_library(coalition_warnings INTERFACE)
add_library(coalition::warnings ALIAS coalition_warnings)
# -Werror is for the compiler the project is built with (GCC); clang, which only the fuzz preset
# uses, warns about other things, and those are reported, not fatal.
option(COALITION_WERROR "Treat warnings as errors" ON)
target_compile_options(coalition_warnings INTERFACE
  $<$<BOOL:${COALITION_WERROR}>:-Werror>
  -Wall -Wextra -Wpedantic
  -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
  -Woverloaded-virtual -Wconversion -Wsign-conversion -Wnull-dereference
  -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
