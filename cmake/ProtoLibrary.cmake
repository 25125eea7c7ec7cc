# coalition_proto_library(<name> <proto> [ROOT <import root>] [DEPS <proto libs>])
# Compiles one proto package into two libraries: its messages, coalition::<name>_proto (protobuf
# only: what logic links), and its gRPC stubs and service bases, coalition::<name>_grpc_proto
# (what handlers and clients link). ROOT defaults to protos/.
function(coalition_proto_library name proto)
  cmake_parse_arguments(ARG "" "ROOT" "DEPS" ${ARGN})
  get_filename_component(proto_abs "${proto}" ABSOLUTE)
  set(proto_root "${PROJECT_SOURCE_DIR}/protos")
  if(ARG_ROOT)
    get_filename_component(proto_root "${ARG_ROOT}" ABSOLUTE)
  endif()
  file(RELATIVE_PATH proto_rel "${proto_root}" "${proto_abs}")
  string(REGEX REPLACE "\\.proto$" "" stem "${proto_rel}")
  set(out "${PROJECT_BINARY_DIR}/protos")
  set(generated
    "${out}/${stem}.pb.cc" "${out}/${stem}.pb.h"
    "${out}/${stem}.grpc.pb.cc" "${out}/${stem}.grpc.pb.h")
  add_custom_command(
    OUTPUT ${generated}
    COMMAND protobuf::protoc
      --proto_path=${proto_root}
      --cpp_out=${out}
      --grpc_out=${out}
      --plugin=protoc-gen-grpc=$<TARGET_FILE:gRPC::grpc_cpp_plugin>
      ${proto_abs}
    DEPENDS ${proto_abs} protobuf::protoc gRPC::grpc_cpp_plugin
    COMMENT "protoc ${proto_rel}"
    VERBATIM)
  add_library(coalition_${name}_proto "${out}/${stem}.pb.cc" "${out}/${stem}.pb.h")
  add_library(coalition::${name}_proto ALIAS coalition_${name}_proto)
  target_include_directories(coalition_${name}_proto PUBLIC "${out}")
  target_link_libraries(coalition_${name}_proto PUBLIC protobuf::libprotobuf ${ARG_DEPS})
  add_library(coalition_${name}_grpc_proto "${out}/${stem}.grpc.pb.cc" "${out}/${stem}.grpc.pb.h")
  add_library(coalition::${name}_grpc_proto ALIAS coalition_${name}_grpc_proto)
  target_link_libraries(coalition_${name}_grpc_proto PUBLIC coalition_${name}_proto gRPC::grpc++)
endfunction()
