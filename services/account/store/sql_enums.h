// The proto enum numbers the account schema stores (accounts.kind, postings.type), as SQL text to
// paste into statements: `"... WHERE kind = " SQL_MEMBER " AND owner_id = ?"`. The schema keeps
// the protos' numbers, so a renumbered enum would silently change what every row means; each
// value is checked against its proto here, at compile time. Values bound as parameters
// (`setInt(n, v1::EARN)`) need no entry.
#pragma once

#include "coalition/account/v1/account.pb.h"

// accounts.kind (v1::AccountKind)
#define SQL_MEMBER "1"
#define SQL_MEMBER_HOLD "2"
#define SQL_HOUSEHOLD "7"
#define SQL_MEMBER_PENDING "8"
#define SQL_PARTNER_PREPAID "10"

// postings.type (v1::PostingType)
#define SQL_EARN "1"
#define SQL_REDEEM "2"
#define SQL_CAPTURE "4"
#define SQL_MERGE "9"

namespace coalition::account::sql_enums {

// "10" -> 10, at compile time.
constexpr int Number(const char* text) {
  int value = 0;
  for (; *text != '\0'; ++text) value = value * 10 + (*text - '0');
  return value;
}

static_assert(Number(SQL_MEMBER) == v1::MEMBER);
static_assert(Number(SQL_MEMBER_HOLD) == v1::MEMBER_HOLD);
static_assert(Number(SQL_HOUSEHOLD) == v1::HOUSEHOLD);
static_assert(Number(SQL_MEMBER_PENDING) == v1::MEMBER_PENDING);
static_assert(Number(SQL_PARTNER_PREPAID) == v1::PARTNER_PREPAID);
static_assert(Number(SQL_EARN) == v1::EARN);
static_assert(Number(SQL_REDEEM) == v1::REDEEM);
static_assert(Number(SQL_CAPTURE) == v1::CAPTURE);
static_assert(Number(SQL_MERGE) == v1::MERGE);

}  // namespace coalition::account::sql_enums
