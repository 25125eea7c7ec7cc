# The layers the build enforces (docs/architecture.md "Layers"): a logic target never links gRPC
# or the MariaDB connector, however indirectly.
#
#   coalition_forbid_links(coalition_account_logic)   # after add_library
#   coalition_check_layers()                           # once, after every add_subdirectory
#
# The walk happens at the end of configuration, when every target it meets is defined; a logic
# target that reaches a forbidden library fails the configure step, naming the path to it.
# scripts/check-layers.sh checks the sources the same way (includes), since every header is on
# the include path of every target.

set(COALITION_FORBIDDEN_IN_LOGIC
  gRPC::grpc++ gRPC::grpc gRPC::grpc++_reflection gRPC::gpr coalition_mariadb
  coalition_common_grpc coalition_server coalition_sandbox)

function(coalition_forbid_links target)
  set_property(GLOBAL APPEND PROPERTY COALITION_LOGIC_TARGETS ${target})
endfunction()

# Sets `out` to the chain from `target` to a forbidden library, or to "" if there is none. The
# targets already walked (global property _COALITION_SEEN) are not walked again.
function(_coalition_forbidden_path target out)
  if(TARGET ${target})
    get_target_property(aliased ${target} ALIASED_TARGET)
    if(aliased)
      set(target ${aliased})
    endif()
  endif()
  if(target IN_LIST COALITION_FORBIDDEN_IN_LOGIC OR target MATCHES "_grpc_proto$"
     OR target STREQUAL "${MYSQLCPPCONN_LIBRARY}")
    set(${out} "${target}" PARENT_SCOPE)
    return()
  endif()
  get_property(seen GLOBAL PROPERTY _COALITION_SEEN)
  if(NOT TARGET ${target} OR target IN_LIST seen)
    set(${out} "" PARENT_SCOPE)
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY _COALITION_SEEN ${target})
  get_target_property(type ${target} TYPE)
  set(deps "")
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    get_target_property(direct ${target} LINK_LIBRARIES)
    if(direct)
      list(APPEND deps ${direct})
    endif()
  endif()
  get_target_property(interface ${target} INTERFACE_LINK_LIBRARIES)
  if(interface)
    list(APPEND deps ${interface})
  endif()
  foreach(dep IN LISTS deps)
    # A generator expression is judged by what it would link: $<LINK_ONLY:x>,
    # $<BUILD_INTERFACE:x>, $<$<CONFIG:Debug>:x> -> x.
    while(dep MATCHES "^\\$<")
      if(dep MATCHES "^\\$<[A-Z_]+:(.*)>$")
        set(dep "${CMAKE_MATCH_1}")
      elseif(dep MATCHES "^\\$<\\$<[^>]*>:(.*)>$")
        set(dep "${CMAKE_MATCH_1}")
      else()
        break()
      endif()
    endwhile()
    if(dep STREQUAL "" OR dep STREQUAL "coalition::warnings")
      continue()
    endif()
    # A raw library name or path rather than a target.
    if(NOT TARGET "${dep}" AND dep MATCHES "(^|/|-l)(lib)?(grpc|gpr|mysqlcppconn)")
      set(${out} "${target} -> ${dep}" PARENT_SCOPE)
      return()
    endif()
    _coalition_forbidden_path(${dep} path)
    if(path)
      set(${out} "${target} -> ${path}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

function(coalition_check_layers)
  get_property(targets GLOBAL PROPERTY COALITION_LOGIC_TARGETS)
  foreach(target IN LISTS targets)
    set_property(GLOBAL PROPERTY _COALITION_SEEN "")
    _coalition_forbidden_path(${target} path)
    if(path)
      message(FATAL_ERROR "logic target links a gRPC or MariaDB library: ${path}")
    endif()
  endforeach()
  list(LENGTH targets count)
  message(STATUS "Layers: ${count} logic targets link neither gRPC nor the MariaDB connector")
endfunction()
