#!/usr/bin/env bash
# The layers, checked on the sources (docs/architecture.md "Layers"); CMake checks the links
# (cmake/Layering.cmake). Every header is on every target's include path, so only this catches a
# logic file that includes a gRPC or MariaDB header it happens not to link against.
#   1. Only store/ folders and services/common/mariadb/ include <cppconn/...> or name sql::.
#   2. Logic -- any source outside a store/, grpc/ or mariadb/ folder in services/, settlement/
#      and partner-gateway/, wiring (main.cc, all_in_one/) apart -- includes no gRPC header, no
#      generated .grpc.pb.h, and nothing from a store/, grpc/ or mariadb/ folder.
# Exit 0 when both hold; otherwise each offending line, and 1.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0

sql_outside=$(git ls-files --cached --others --exclude-standard -- '*.cc' '*.h' |
  grep -vE '(^|/)store/|^services/common/mariadb/|^protos/' |
  xargs grep -nE '#\s*include\s*[<"](cppconn/|mysql_driver\.h|mysql_connection\.h|mariadb/conncpp)|\bsql::' ||
  true)
if [[ -n "$sql_outside" ]]; then
  echo "MariaDB connector outside a store/ folder or services/common/mariadb/:"
  echo "$sql_outside"
  status=1
fi

logic_files=$(git ls-files --cached --others --exclude-standard -- 'services/*.cc' 'services/*.h' 'settlement/*.cc' 'settlement/*.h' \
    'partner-gateway/*.cc' 'partner-gateway/*.h' |
  grep -vE '(^|/)(store|grpc|mariadb)/|(^|/)main\.cc$|^services/all_in_one/')
layer_breaks=$(echo "$logic_files" |
  xargs grep -nE '#\s*include\s*[<"](grpcpp/|grpc\+\+/|grpc/|[^">]*\.grpc\.pb\.h|([^">]*/)?(store|grpc|mariadb)/)' ||
  true)
if [[ -n "$layer_breaks" ]]; then
  echo "Logic including a gRPC, store or MariaDB header:"
  echo "$layer_breaks"
  status=1
fi

[[ $status == 0 ]] && echo "layers hold: $(echo "$logic_files" | wc -l) logic files"
exit $status
