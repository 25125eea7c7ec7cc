// The fake of Versions<T> (services/common/versions.h) for tests that need one but use none:
// every partner has no versions.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "services/common/versions.h"

namespace coalition {

template <typename T>
class NoVersions final : public Versions<T> {
 public:
  absl::StatusOr<T> Publish(const RequestKey&, const T&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<T>> List(const std::string&) override { return std::vector<T>{}; }
  absl::StatusOr<std::shared_ptr<const std::vector<T>>> Cached(const std::string&) override {
    return std::make_shared<const std::vector<T>>();
  }
};

}  // namespace coalition
