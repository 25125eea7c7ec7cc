// The fake of PartyStore (services/account/party_store.h), in memory: enrolls members once per
// request key, as the MariaDB store does (a repeated key returns the member it made, ALREADY_EXISTS
// for other content), and answers them by id. The other parties' operations are not faked.
// Faults (faults.h) may fail an enrollment.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/account/party_store.h"
#include "services/common/status_macros.h"
#include "tests/fakes/faults.h"

namespace coalition::account {

class FakePartyStore final : public PartyStore {
 public:
  absl::StatusOr<v1::Member> EnrollMember(const RequestKey& key, const v1::Member& member,
                                          const std::string&) override {
    RETURN_IF_ERROR(Before(faults, "EnrollMember"));
    const auto id = std::make_pair(key.caller, key.request_id);
    auto it = enrolled_by.find(id);
    if (it != enrolled_by.end()) {
      if (it->second.first != key.fingerprint) {
        return absl::AlreadyExistsError("request_id: used for another enrollment");
      }
      RETURN_IF_ERROR(After(faults));
      return members.at(it->second.second);
    }
    members[member.member_id()] = member;
    enrolled_by[id] = {key.fingerprint, member.member_id()};
    RETURN_IF_ERROR(After(faults));
    return member;
  }
  absl::StatusOr<v1::Member> GetMember(const std::string& member_id) override {
    auto it = members.find(member_id);
    if (it == members.end()) return absl::NotFoundError("member_id: no member");
    return it->second;
  }

  absl::StatusOr<bool> HasRelationship(const std::string&, const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<bool> MaySeePersonalData(const std::string&, const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::PersonalDataConsent> SetConsent(const RequestKey&,
                                                     const v1::PersonalDataConsent&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::string> FindMemberId(const std::string&, const std::string&,
                                           const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::Member> EraseMember(const RequestKey&, const std::string&,
                                         const std::string&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::PiiRekeyRun> StartPiiRekey(const RequestKey&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<std::vector<std::string>> MembersToReseal(int) override {
    return absl::UnimplementedError("not faked");
  }
  absl::Status ResealMember(const v1::PiiRekeyRun&, const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::PiiRekeyRun> EndPiiRekeyStep(const v1::PiiRekeyRun&, bool) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<v1::Member> SetMemberState(const RequestKey&, const std::string&,
                                            v1::Member::State, const std::string&,
                                            absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<admin::v1::Partner> CreatePartner(const RequestKey&,
                                                   const admin::v1::Partner&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<admin::v1::Partner> GetPartner(const std::string&) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<admin::v1::Partner> SetPartnerState(const RequestKey&, const std::string&,
                                                     admin::v1::Partner::State,
                                                     const std::string&, absl::Time) override {
    return absl::UnimplementedError("not faked");
  }
  absl::StatusOr<PartnerPage> ListPartners(std::optional<int64_t>, int) override {
    return absl::UnimplementedError("not faked");
  }
  std::map<std::string, v1::Member> members;  // by member_id
  // (caller, request_id) -> (fingerprint, member_id)
  std::map<std::pair<std::string, std::string>, std::pair<std::string, std::string>> enrolled_by;
  Faults* faults = nullptr;
};

}  // namespace coalition::account
