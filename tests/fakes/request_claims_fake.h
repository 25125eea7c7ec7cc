// The fake of RequestClaims (services/common/request_claims.h), in memory, with the real one's
// rules: one answer per key, recorded when final; a key whose attempt changed nothing is released;
// a key left unanswered (abandoned, or held by an attempt that crashed: a single-threaded test has
// no other attempt running) is taken over by the next identical copy; other content under a used
// key is ALREADY_EXISTS.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/common/request_claims.h"

namespace coalition {

class FakeRequestClaims final : public RequestClaims {
 public:
  absl::StatusOr<Claim> Acquire(const RequestKey& key) override {
    auto [it, inserted] = entries_.try_emplace(std::make_pair(key.caller, key.request_id));
    Entry& entry = it->second;
    if (!inserted && entry.fingerprint != key.fingerprint) return RequestIdReused(key);
    entry.fingerprint = key.fingerprint;
    if (entry.answered) return Claim{"", entry.refusal, entry.response};
    entry.runner = absl::StrCat("runner-", ++runners_);  // new, or taken over
    return Claim{entry.runner, absl::OkStatus(), "", /*taken_over=*/!inserted};
  }
  absl::StatusOr<std::vector<std::optional<Claim>>> AcquireAll(
      std::span<const RequestKey> keys) override {
    ++bulk_acquires;
    std::vector<std::optional<Claim>> claims(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      auto it = entries_.find(std::make_pair(keys[i].caller, keys[i].request_id));
      if (it == entries_.end()) {
        claims[i] = Acquire(keys[i]).value();
      } else if (it->second.answered && it->second.fingerprint == keys[i].fingerprint) {
        claims[i] = Claim{"", it->second.refusal, it->second.response};
      }
    }
    return claims;
  }
  absl::StatusOr<bool> Record(const RequestKey& key, const std::string& runner,
                              const absl::Status& refusal, const std::string& response) override {
    Entry* entry = Find(key, runner);
    if (entry == nullptr) return false;
    entry->answered = true;
    entry->refusal = refusal;
    entry->response = response;
    return true;
  }
  absl::Status Release(const RequestKey& key, const std::string& runner) override {
    if (Find(key, runner) != nullptr) entries_.erase(std::make_pair(key.caller, key.request_id));
    return absl::OkStatus();
  }
  absl::Status Abandon(const RequestKey& key, const std::string& runner) override {
    if (Entry* entry = Find(key, runner); entry != nullptr) entry->runner.clear();
    return absl::OkStatus();
  }

  int bulk_acquires = 0;  // AcquireAll calls

 private:
  struct Entry {
    std::string fingerprint;
    std::string runner;  // empty once abandoned
    bool answered = false;
    absl::Status refusal;
    std::string response;
  };
  Entry* Find(const RequestKey& key, const std::string& runner) {
    auto it = entries_.find(std::make_pair(key.caller, key.request_id));
    if (it == entries_.end() || it->second.runner != runner || it->second.answered) return nullptr;
    return &it->second;
  }
  std::map<std::pair<std::string, std::string>, Entry> entries_;
  int runners_ = 0;
};

}  // namespace coalition
