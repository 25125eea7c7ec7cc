# coalition_embed_migrations(<target> <namespace> <sql files in order>)
# Compiles a service's numbered SQL migrations into the binary, so a service carries its own
# schema and applies it at start. The generated function is <namespace>::Migrations().
function(coalition_embed_migrations target ns)
  set(body "")
  foreach(sql IN LISTS ARGN)
    get_filename_component(sql_abs "${sql}" ABSOLUTE)
    get_filename_component(sql_name "${sql}" NAME_WE)
    string(REGEX MATCH "^[0-9]+" version "${sql_name}")
    if(NOT version)
      message(FATAL_ERROR "migration ${sql} must start with its version number")
    endif()
    file(READ "${sql_abs}" text)
    # "0008" would be an (invalid) octal literal in C++: the number without its leading zeros.
    math(EXPR version "${version}")
    string(APPEND body "      {${version}, \"${sql_name}\", R\"coalition_sql(${text})coalition_sql\"},\n")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${sql_abs}")
  endforeach()
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${target}_migrations.cc")
  file(CONFIGURE OUTPUT "${out}" CONTENT "// Generated from migrations/*.sql; edit those, never this.
#include \"services/common/migration.h\"

namespace @ns@ {
const std::vector<coalition::Migration>& Migrations() {
  static const std::vector<coalition::Migration> kMigrations = {
@body@  };
  return kMigrations;
}
}  // namespace @ns@
" @ONLY)
  target_sources(${target} PRIVATE "${out}")
endfunction()
