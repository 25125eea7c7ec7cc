// Partners are competitors sharing one clearing house: through the gateway, with real TLS, no
// partner touches or reads another's objects, members it has no business with, or another
// caller's identity; and the raw ledger is not reachable at all (issue 15's findings 1, 2, 6, 7).
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <filesystem>
#include <tuple>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/common/ids.h"
#include "services/common/read_file.h"
#include "tests/integration/gateway_fixture.h"

namespace coalition::testing {
namespace {

using account::v1::AccountService;
using earning::v1::EarningService;
using redemption::v1::RedemptionService;
using ::testing::HasSubstr;

// A client certificate signed by the test CA in `ca_dir`, with `common_names` as its subject's CN
// entries (raw bytes, NULs included) and, if `client_auth`, the clientAuth extended key usage;
// written as <dir>/<file>.pem and .key beside a copy of ca.pem, for ChannelAs(file, dir).
void WriteClientCertificate(const std::string& ca_dir, const std::string& dir,
                            const std::string& file, const std::vector<std::string>& common_names,
                            bool client_auth) {
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(ca_dir + "/ca.pem", dir + "/ca.pem",
                             std::filesystem::copy_options::overwrite_existing);
  const std::string ca_pem = ReadFile(ca_dir + "/ca.pem");
  const std::string ca_key_pem = ReadFile(ca_dir + "/ca.key");
  BIO* ca_bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
  X509* ca = PEM_read_bio_X509(ca_bio, nullptr, nullptr, nullptr);
  BIO* key_bio = BIO_new_mem_buf(ca_key_pem.data(), static_cast<int>(ca_key_pem.size()));
  EVP_PKEY* ca_key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
  ASSERT_NE(ca, nullptr);
  ASSERT_NE(ca_key, nullptr);

  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* certificate = X509_new();
  X509_set_version(certificate, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(certificate), static_cast<long>(std::rand()) + 1000);
  X509_gmtime_adj(X509_getm_notBefore(certificate), -60);
  X509_gmtime_adj(X509_getm_notAfter(certificate), 3600);
  X509_set_pubkey(certificate, key);
  X509_NAME* subject = X509_get_subject_name(certificate);
  for (const std::string& name : common_names) {
    // As a UTF8String of exactly these bytes: a NUL stays in.
    ASSERT_EQ(X509_NAME_add_entry_by_NID(subject, NID_commonName, V_ASN1_UTF8STRING,
                                         reinterpret_cast<const unsigned char*>(name.data()),
                                         static_cast<int>(name.size()), -1, 0),
              1);
  }
  X509_set_issuer_name(certificate, X509_get_subject_name(ca));
  if (client_auth) {
    X509V3_CTX context;
    X509V3_set_ctx(&context, ca, certificate, nullptr, nullptr, 0);
    X509_EXTENSION* usage =
        X509V3_EXT_conf_nid(nullptr, &context, NID_ext_key_usage, "clientAuth");
    X509_add_ext(certificate, usage, -1);
    X509_EXTENSION_free(usage);
  }
  ASSERT_GT(X509_sign(certificate, ca_key, EVP_sha256()), 0);

  FILE* out = std::fopen((dir + "/" + file + ".pem").c_str(), "w");
  PEM_write_X509(out, certificate);
  std::fclose(out);
  out = std::fopen((dir + "/" + file + ".key").c_str(), "w");
  PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(out);
  X509_free(certificate);
  EVP_PKEY_free(key);
  EVP_PKEY_free(ca_key);
  X509_free(ca);
  BIO_free(key_bio);
  BIO_free(ca_bio);
}

class GatewayIsolation : public Gateway {
 protected:
  // A member with points, enrolled outside any partner.
  std::string MemberWithPoints(const std::string& earned_at) {
    const std::string member = NewMember();
    Earn(member, earned_at, 100'000);  // 1,000 points
    return member;
  }
};

TEST_F(GatewayIsolation, AnotherPartnersHoldsRedemptionsAndPurchasesAreNotFoundAndNothingMoves) {
  const std::string owner = CertifiedPartner();
  const std::string rival = CertifiedPartner();
  const std::string member = MemberWithPoints(owner);
  auto as_owner = RedemptionService::NewStub(ChannelAs(absl::StrCat("partner:", owner)));
  auto as_rival = RedemptionService::NewStub(ChannelAs(absl::StrCat("partner:", rival)));

  redemption::v1::HoldPointsRequest hold_request;
  hold_request.set_request_id(UniqueId("booking"));
  hold_request.set_partner_id(owner);
  hold_request.set_member_id(member);
  hold_request.set_points(100);
  auto held = Call(*as_owner, &RedemptionService::Stub::HoldPoints, hold_request);
  ASSERT_TRUE(held.status.ok()) << held.status.error_message();
  const std::string hold_id = held.response.hold_id();
  // Not sha256(caller, request_id) any more: knowing a request id does not give the hold's id.
  EXPECT_NE(hold_id, DerivedId("hld", {owner, hold_request.request_id()}));
  EXPECT_NE(hold_id,
            DerivedId("hld", {absl::StrCat("partner:", owner), hold_request.request_id()}));

  redemption::v1::RedeemRequest redeem;
  redeem.set_request_id(UniqueId("redeem"));
  redeem.set_partner_id(owner);
  redeem.set_member_id(member);
  redeem.set_points(50);
  auto redeemed = Call(*as_owner, &RedemptionService::Stub::Redeem, redeem);
  ASSERT_TRUE(redeemed.status.ok()) << redeemed.status.error_message();

  earning::v1::RecordPurchaseRequest purchase = PurchaseRequest(member, owner, 1'000);
  auto bought = Call(*EarningService::NewStub(ChannelAs(absl::StrCat("partner:", owner))),
                     &EarningService::Stub::RecordPurchase, purchase);
  ASSERT_TRUE(bought.status.ok()) << bought.status.error_message();

  const int64_t sequence = LastLedgerSequence();
  redemption::v1::GetHoldRequest get_hold;
  get_hold.set_hold_id(hold_id);
  redemption::v1::CapturePointsRequest capture;
  capture.set_request_id(UniqueId("capture"));
  capture.set_hold_id(hold_id);
  redemption::v1::VoidHoldRequest void_hold;
  void_hold.set_request_id(UniqueId("void"));
  void_hold.set_hold_id(hold_id);
  redemption::v1::RefundRedemptionRequest refund;
  refund.set_request_id(UniqueId("refund"));
  refund.set_redemption_id(redeemed.response.redemption_id());
  refund.set_reason("not mine to refund");
  earning::v1::GetPurchaseRequest get_purchase;
  get_purchase.set_purchase_id(bought.response.purchase_id());

  const auto expect_not_found = [](const grpc::Status& status, const std::string& field) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(field));
  };
  expect_not_found(Call(*as_rival, &RedemptionService::Stub::GetHold, get_hold).status, "hold_id");
  expect_not_found(Call(*as_rival, &RedemptionService::Stub::CapturePoints, capture).status,
                   "hold_id");
  expect_not_found(Call(*as_rival, &RedemptionService::Stub::VoidHold, void_hold).status,
                   "hold_id");
  expect_not_found(Call(*as_rival, &RedemptionService::Stub::RefundRedemption, refund).status,
                   "redemption_id");
  expect_not_found(Call(*EarningService::NewStub(ChannelAs(absl::StrCat("partner:", rival))),
                        &EarningService::Stub::GetPurchase, get_purchase)
                       .status,
                   "purchase_id");
  // A hold that does not exist is answered the same way: the rival learns nothing.
  get_hold.set_hold_id("hld_00000000000000000000000000000000");
  EXPECT_EQ(Call(*as_rival, &RedemptionService::Stub::GetHold, get_hold).status.error_message(),
            "hold_id: no hold 'hld_00000000000000000000000000000000'");
  EXPECT_EQ(LastLedgerSequence(), sequence);

  // The owner's own hold is untouched: it still holds its points and the owner can close it.
  get_hold.set_hold_id(hold_id);
  auto own = Call(*as_owner, &RedemptionService::Stub::GetHold, get_hold);
  ASSERT_TRUE(own.status.ok()) << own.status.error_message();
  EXPECT_EQ(own.response.state(), redemption::v1::Hold::HELD);
  auto voided = Call(*as_owner, &RedemptionService::Stub::VoidHold, void_hold);
  ASSERT_TRUE(voided.status.ok()) << voided.status.error_message();
  EXPECT_EQ(voided.response.state(), redemption::v1::Hold::VOIDED);
  auto refunded = Call(*as_owner, &RedemptionService::Stub::RefundRedemption, refund);
  ASSERT_TRUE(refunded.status.ok()) << refunded.status.error_message();
  EXPECT_EQ(refunded.response.points(), 50);
}

TEST_F(GatewayIsolation, AVoidedHoldMakesNoRelationshipAndPersonalDataNeedsConsent) {
  const std::string issuer = NewPartner();
  const std::string rival = CertifiedPartner();
  account::v1::EnrollMemberRequest enroll;
  enroll.set_request_id(UniqueId("enroll"));
  enroll.set_display_name("Ada Lovelace");
  enroll.set_email("ada@example.com");
  auto enrolled = Call(*AccountService::NewStub(ChannelAs("operator")),
                       &AccountService::Stub::EnrollMember, enroll);
  ASSERT_TRUE(enrolled.status.ok()) << enrolled.status.error_message();
  const std::string member = enrolled.response.member_id();
  Earn(member, issuer, 100'000);
  auto rival_channel = ChannelAs(absl::StrCat("partner:", rival));
  auto accounts = AccountService::NewStub(rival_channel);
  auto redemption = RedemptionService::NewStub(rival_channel);

  // Hold one point and void it: net zero, and no relationship.
  redemption::v1::HoldPointsRequest hold;
  hold.set_request_id(UniqueId("probe"));
  hold.set_partner_id(rival);
  hold.set_member_id(member);
  hold.set_points(1);
  auto held = Call(*redemption, &RedemptionService::Stub::HoldPoints, hold);
  ASSERT_TRUE(held.status.ok()) << held.status.error_message();
  redemption::v1::VoidHoldRequest void_hold;
  void_hold.set_request_id(UniqueId("probe-void"));
  void_hold.set_hold_id(held.response.hold_id());
  ASSERT_THAT(Call(*redemption, &RedemptionService::Stub::VoidHold, void_hold).status, IsOk());

  account::v1::GetMemberRequest by_id;
  by_id.set_member_id(member);
  EXPECT_EQ(Call(*accounts, &AccountService::Stub::GetMember, by_id).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  account::v1::GetBalanceRequest balance;
  balance.set_member_id(member);
  EXPECT_EQ(Call(*accounts, &AccountService::Stub::GetBalance, balance).status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  redemption::v1::QuoteRedemptionRequest quote;
  quote.set_partner_id(rival);
  quote.set_member_id(member);
  quote.set_bill_amount_minor(10'000);
  quote.set_currency("EUR");
  auto quoted = Call(*redemption, &RedemptionService::Stub::QuoteRedemption, quote);
  EXPECT_EQ(quoted.status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << quoted.status.error_message();

  // Once she spends there, the rival reads her points, but not her name or email...
  redemption::v1::RedeemRequest redeem;
  redeem.set_request_id(UniqueId("spend"));
  redeem.set_partner_id(rival);
  redeem.set_member_id(member);
  redeem.set_points(10);
  ASSERT_THAT(Call(*redemption, &RedemptionService::Stub::Redeem, redeem).status, IsOk());
  EXPECT_THAT(Call(*accounts, &AccountService::Stub::GetBalance, balance).status, IsOk());
  auto profile = Call(*accounts, &AccountService::Stub::GetMember, by_id);
  ASSERT_TRUE(profile.status.ok()) << profile.status.error_message();
  EXPECT_EQ(profile.response.member_id(), member);
  EXPECT_EQ(profile.response.display_name(), "");
  EXPECT_EQ(profile.response.email(), "");

  // ...until she consents to it (recorded by the service desk); a withdrawal hides them again.
  auto operator_accounts = AccountService::NewStub(ChannelAs("operator"));
  account::v1::SetPersonalDataConsentRequest consent;
  consent.set_request_id(UniqueId("consent"));
  consent.set_member_id(member);
  consent.set_partner_id(rival);
  consent.set_granted(true);
  // A partner cannot record consent to itself.
  EXPECT_EQ(Call(*accounts, &AccountService::Stub::SetPersonalDataConsent, consent)
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto consented =
      Call(*operator_accounts, &AccountService::Stub::SetPersonalDataConsent, consent);
  ASSERT_TRUE(consented.status.ok()) << consented.status.error_message();
  EXPECT_TRUE(consented.response.granted());
  profile = Call(*accounts, &AccountService::Stub::GetMember, by_id);
  EXPECT_EQ(profile.response.display_name(), "Ada Lovelace");
  EXPECT_EQ(profile.response.email(), "ada@example.com");
  consent.set_request_id(UniqueId("withdraw"));
  consent.set_granted(false);
  ASSERT_TRUE(
      Call(*operator_accounts, &AccountService::Stub::SetPersonalDataConsent, consent).status.ok());
  EXPECT_EQ(Call(*accounts, &AccountService::Stub::GetMember, by_id).response.display_name(), "");
}

TEST_F(GatewayIsolation, CertificatesWithANulOrTwoCommonNamesOrNoClientUsageAreRefused) {
  const std::string dir = absl::StrCat(platform().work_dir(), "/forged");
  const std::string partner = CertifiedPartner();
  WriteClientCertificate(tls_dir_, dir, "nul", {std::string("operator\0.partner:", 18) + partner},
                         /*client_auth=*/true);
  WriteClientCertificate(tls_dir_, dir, "two", {"operator", absl::StrCat("partner:", partner)},
                         /*client_auth=*/true);
  WriteClientCertificate(tls_dir_, dir, "server", {"operator"}, /*client_auth=*/false);
  WriteClientCertificate(tls_dir_, dir, "fine", {absl::StrCat("partner:", partner)},
                         /*client_auth=*/true);
  account::v1::GetBalanceRequest request;
  request.set_member_id(NewMember());
  for (const auto& [file, reason] : {std::pair{"nul", "NUL"}, std::pair{"two", "more than one CN"},
                                     std::pair{"server", "clientAuth"}}) {
    auto refused = Call(*AccountService::NewStub(ChannelAs(file, dir)),
                        &AccountService::Stub::GetBalance, request);
    EXPECT_EQ(refused.status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << file;
    EXPECT_THAT(refused.status.error_message(), HasSubstr(reason)) << file;
  }
  // The same CA and key usage with one plain CN is let in (as that partner, not the operator).
  auto let_in = Call(*AccountService::NewStub(ChannelAs("fine", dir)),
                     &AccountService::Stub::GetBalance, request);
  EXPECT_EQ(let_in.status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << let_in.status.error_message();
}

TEST_F(GatewayIsolation, TheRawLedgerAndUnknownMethodsAreUnimplementedForEveryone) {
  const std::string partner = CertifiedPartner();
  const std::string member = NewMember();
  const int64_t sequence = LastLedgerSequence();
  account::v1::CreatePostingRequest mint;
  mint.set_request_id(UniqueId("mint"));
  mint.set_type(account::v1::EARN);
  mint.set_partner_id(partner);
  mint.set_member_id(member);
  for (auto [kind, owner, points] :
       {std::tuple{account::v1::PARTNER_ISSUED, partner, int64_t{-1'000'000}},
        std::tuple{account::v1::MEMBER, member, int64_t{1'000'000}}}) {
    account::v1::Leg* leg = mint.add_legs();
    leg->mutable_account()->set_kind(kind);
    leg->mutable_account()->set_owner_id(owner);
    leg->set_points(points);
  }
  auto minted = Call(*account::v1::LedgerService::NewStub(ChannelAs("operator")),
                     &account::v1::LedgerService::Stub::CreatePosting, mint);
  EXPECT_EQ(minted.status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_THAT(minted.status.error_message(), HasSubstr("ledger is internal"));
  EXPECT_EQ(LastLedgerSequence(), sequence);

  // A method the API does not have, in a service a partner may otherwise call.
  const grpc::Status status =
      SendBytes(ChannelAs(absl::StrCat("partner:", partner)),
                "/coalition.account.v1.AccountService/MintPoints", /*bytes=*/"");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();

  // The operator reads (and verifies) the ledger through its admin service instead.
  account::v1::ListPostingsRequest list;
  list.set_after_sequence(sequence - 1);
  auto read = Call(*account::v1::AccountAdminService::NewStub(ChannelAs("operator")),
                   &account::v1::AccountAdminService::Stub::ListLedgerPostings, list);
  ASSERT_TRUE(read.status.ok()) << read.status.error_message();
  EXPECT_EQ(Call(*account::v1::AccountAdminService::NewStub(
                     ChannelAs(absl::StrCat("partner:", partner))),
                 &account::v1::AccountAdminService::Stub::ListLedgerPostings, list)
                .status.error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace coalition::testing
