// The account service's schema migrations, embedded from migrations/*.sql at build time.
#pragma once

#include <vector>

#include "services/common/migration.h"

namespace coalition::account {
const std::vector<Migration>& Migrations();
}
