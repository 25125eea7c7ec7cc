// Starts the real platform once for all the tests of a binary, and stops it at the end.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "gtest/gtest.h"
#include "tests/integration/coalition_test.h"

namespace coalition::testing {
namespace {

std::unique_ptr<Platform>& PlatformSlot() {
  static std::unique_ptr<Platform> platform;
  return platform;
}

class PlatformEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    auto platform = Platform::Start();
    if (!platform.ok()) {
      std::fprintf(stderr, "cannot start the platform: %s\n", platform.status().ToString().c_str());
      std::exit(1);
    }
    PlatformSlot() = *std::move(platform);
  }
  void TearDown() override {
    const std::string logs = PlatformSlot()->work_dir();
    PlatformSlot().reset();
    if (::testing::UnitTest::GetInstance()->Passed()) {
      std::filesystem::remove_all(logs);
    } else {
      std::fprintf(stderr, "service logs kept in %s\n", logs.c_str());
    }
  }
};

// The books invariant, checked once after all the tests of a binary have run (and so over
// everything they did): every posting balances, and every member-owned account's lots add up to
// its balance. Registered after the platform, so it is torn down first, while the platform runs.
class BooksEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    const CoalitionTest::Books books = CoalitionTest::ReadBooks();
    EXPECT_EQ(books.unbalanced_postings, 0) << "postings whose legs do not sum to zero";
    EXPECT_EQ(books.accounts_whose_lots_differ, 0)
        << "member-owned accounts (of " << books.member_owned_accounts
        << ") whose lots do not add up to their balance";
  }
};

}  // namespace

Platform& SharedPlatform() { return *PlatformSlot(); }

}  // namespace coalition::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new coalition::testing::PlatformEnvironment());
  ::testing::AddGlobalTestEnvironment(new coalition::testing::BooksEnvironment());
  return RUN_ALL_TESTS();
}
