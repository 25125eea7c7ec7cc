// gMock matchers for statuses that print the status when they fail, where
// `ASSERT_TRUE(x.ok())` prints only "false":
//
//   ASSERT_THAT(ledger.CreatePosting("earning", request), IsOk());
//   EXPECT_THAT(purchase, StatusIs(absl::StatusCode::kInvalidArgument));
//   EXPECT_THAT(purchase, StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("currency: ")));
//
// They take an absl::Status or absl::StatusOr<T>; grpc_status_matchers.h adds grpc::Status and the
// integration tests' CallResult<T>. As in Abseil's own status_matchers.h, there is no "not OK"
// matcher: a test names the code it expects.
#pragma once

#include <ostream>
#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace coalition {
namespace status_matchers_internal {

// How to read the code and message of a status-like value; specialized for each type the
// matchers take (grpc_status_matchers.h adds its own).
template <typename T>
struct StatusOf;

template <>
struct StatusOf<absl::Status> {
  static absl::StatusCode Code(const absl::Status& status) { return status.code(); }
  static std::string Message(const absl::Status& status) { return std::string(status.message()); }
};

template <typename T>
struct StatusOf<absl::StatusOr<T>> {
  static absl::StatusCode Code(const absl::StatusOr<T>& value) { return value.status().code(); }
  static std::string Message(const absl::StatusOr<T>& value) {
    return std::string(value.status().message());
  }
};

template <typename T>
void Explain(const T& value, ::testing::MatchResultListener* listener) {
  using Of = StatusOf<std::decay_t<T>>;
  *listener << "whose status is " << absl::StatusCodeToString(Of::Code(value));
  const std::string message = Of::Message(value);
  if (!message.empty()) *listener << ": " << message;
}

class IsOkMatcher {
 public:
  template <typename T>
  bool MatchAndExplain(const T& value, ::testing::MatchResultListener* listener) const {
    if (StatusOf<std::decay_t<T>>::Code(value) == absl::StatusCode::kOk) return true;
    Explain(value, listener);
    return false;
  }
  void DescribeTo(std::ostream* os) const { *os << "is OK"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "is not OK"; }
};

class StatusIsMatcher {
 public:
  StatusIsMatcher(absl::StatusCode code, ::testing::Matcher<const std::string&> message)
      : code_(code), message_(std::move(message)) {}

  template <typename T>
  bool MatchAndExplain(const T& value, ::testing::MatchResultListener* listener) const {
    using Of = StatusOf<std::decay_t<T>>;
    if (Of::Code(value) == code_ && message_.Matches(Of::Message(value))) return true;
    Explain(value, listener);
    return false;
  }
  void DescribeTo(std::ostream* os) const {
    *os << "has status " << absl::StatusCodeToString(code_) << " and a message that ";
    message_.DescribeTo(os);
  }
  void DescribeNegationTo(std::ostream* os) const {
    *os << "has not status " << absl::StatusCodeToString(code_) << " or a message that ";
    message_.DescribeNegationTo(os);
  }

 private:
  absl::StatusCode code_;
  ::testing::Matcher<const std::string&> message_;
};

// gRPC's codes are absl's, number for number.
template <typename Code>
absl::StatusCode AsAbslCode(Code code) {
  static_assert(std::is_enum_v<Code>, "a status code");
  return static_cast<absl::StatusCode>(static_cast<int>(code));
}

}  // namespace status_matchers_internal

// The status is OK; on failure, prints its code and message.
inline ::testing::PolymorphicMatcher<status_matchers_internal::IsOkMatcher> IsOk() {
  return ::testing::MakePolymorphicMatcher(status_matchers_internal::IsOkMatcher());
}

// The status has `code` (an absl::StatusCode or grpc::StatusCode), and a message that matches
// `message` (a string, or a matcher such as HasSubstr); any message when none is given.
template <typename Code, typename MessageMatcher>
::testing::PolymorphicMatcher<status_matchers_internal::StatusIsMatcher> StatusIs(
    Code code, MessageMatcher&& message) {
  return ::testing::MakePolymorphicMatcher(status_matchers_internal::StatusIsMatcher(
      status_matchers_internal::AsAbslCode(code),
      ::testing::MatcherCast<const std::string&>(std::forward<MessageMatcher>(message))));
}
template <typename Code>
::testing::PolymorphicMatcher<status_matchers_internal::StatusIsMatcher> StatusIs(Code code) {
  return StatusIs(code, ::testing::_);
}

}  // namespace coalition
