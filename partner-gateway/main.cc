// coalition-gateway: the one public endpoint. Mutual TLS identifies each caller by its client
// certificate; calls are authorised by role and forwarded to the internal services.
//
//   coalition-gateway --listen=0.0.0.0:8443 --tls_dir=var/certs --backend=127.0.0.1:50051
#include <algorithm>
#include <array>
#include <csignal>
#include <fstream>
#include <sstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "partner-gateway/access_service.h"
#include "partner-gateway/audit_log.h"
#include "partner-gateway/audit_service.h"
#include "partner-gateway/identity.h"
#include "partner-gateway/proxy.h"
#include "partner-gateway/reflection_service.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/mariadb/migrate.h"
#include "services/common/migration.h"
#include "services/common/read_file.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:8443", "where partners reach the gateway");
ABSL_FLAG(std::string, port_file, "", "if set, the bound port is written here once serving");
ABSL_FLAG(std::string, tls_dir, "var/certs",
          "gateway.pem, gateway.key (its certificate) and ca.pem (the CA that signs callers')");
ABSL_FLAG(std::string, backend, "127.0.0.1:50051",
          "every internal service (the all-in-one binary); the per-service flags override it");
ABSL_FLAG(std::string, account_backend, "", "the account service, if not --backend");
ABSL_FLAG(std::string, earning_backend, "", "the earning service, if not --backend");
ABSL_FLAG(std::string, redemption_backend, "", "the redemption service, if not --backend");
ABSL_FLAG(std::string, settlement_backend, "", "the settlement service, if not --backend");
ABSL_FLAG(int, default_deadline_ms, 10'000, "the deadline of a call whose client set none");
ABSL_FLAG(int, max_message_bytes, 1 << 20, "larger requests are refused before any check");
ABSL_FLAG(int64_t, rate_per_s, 200, "calls a second each identity may make, on average");
ABSL_FLAG(int64_t, rate_burst, 400, "calls an identity may make at once after a quiet spell");
ABSL_FLAG(std::string, api_key_secret_file, "",
          "the secret API keys are derived from (at least 32 bytes); default <tls_dir>/"
          "api-keys.secret if it exists. Without one, keys are checked but cannot be issued");

namespace coalition::gateway {
const std::vector<Migration>& Migrations();  // embedded from migrations/*.sql
}  // namespace coalition::gateway

namespace {

sigset_t TerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

std::shared_ptr<grpc::Channel> Backend(const std::string& override_address) {
  const std::string address =
      override_address.empty() ? absl::GetFlag(FLAGS_backend) : override_address;
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

// The file's bytes, trailing newline dropped; a missing default file is no secret, a short one an
// error. Never logged.
absl::StatusOr<std::string> IssuingSecret(const std::string& tls_dir) {
  std::string path = absl::GetFlag(FLAGS_api_key_secret_file);
  if (path.empty()) {
    path = tls_dir + "/api-keys.secret";
    if (!std::ifstream(path).good()) return std::string();
  }
  std::string secret = coalition::ReadFile(path);
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  if (secret.size() < 32) {
    return absl::InvalidArgumentError(
        absl::StrCat("api_key_secret_file: ", path, " must hold at least 32 bytes"));
  }
  return secret;
}

}  // namespace

int main(int argc, char** argv) {
  // Before any thread exists, so that every thread leaves them to the sigwait below.
  const sigset_t signals = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  absl::ParseCommandLine(argc, argv);
  const std::string dir = absl::GetFlag(FLAGS_tls_dir);
  auto verifier =
      coalition::gateway::CertificateVerifier::Create(coalition::ReadFile(dir + "/ca.pem"));
  if (!verifier.ok()) {
    coalition::LogError("gateway", verifier.status().ToString());
    return 1;
  }
  // The audit log, in the gateway's own schema.
  const coalition::mariadb::DbConfig db = coalition::mariadb::DbConfigFromFlags("gateway");
  if (absl::Status migrated =
          coalition::mariadb::ApplyMigrations(db, coalition::gateway::Migrations());
      !migrated.ok()) {
    coalition::LogError("gateway", migrated.ToString());
    return 1;
  }
  auto pool = coalition::mariadb::ConnectionPool::Create(db);
  if (!pool.ok()) {
    coalition::LogError("gateway", pool.status().ToString());
    return 1;
  }
  const coalition::Clock& clock = coalition::SystemClock::Instance();
  absl::StatusOr<std::string> issuing_secret = IssuingSecret(dir);
  if (!issuing_secret.ok()) {
    coalition::LogError("gateway", issuing_secret.status().ToString());
    return 1;
  }
  coalition::gateway::AuditLog audit(**pool);
  coalition::gateway::ApiKeyStore keys(**pool);
  coalition::gateway::MobileBackends mobiles(**pool, clock);
  coalition::gateway::Authenticator authenticator(**verifier, keys, clock);
  coalition::gateway::AuditServiceHandler audit_service(audit, authenticator);
  coalition::gateway::AccessServiceHandler access_service(authenticator, keys, mobiles, audit,
                                                          clock, *std::move(issuing_secret));
  coalition::gateway::RateLimiter limiter(clock,
                                          {std::max<int64_t>(1, absl::GetFlag(FLAGS_rate_per_s)),
                                           std::max<int64_t>(1, absl::GetFlag(FLAGS_rate_burst))});
  coalition::gateway::GatewayProxy proxy(
      authenticator, mobiles, limiter, audit,
      {Backend(absl::GetFlag(FLAGS_account_backend)), Backend(absl::GetFlag(FLAGS_earning_backend)),
       Backend(absl::GetFlag(FLAGS_redemption_backend)),
       Backend(absl::GetFlag(FLAGS_settlement_backend))},
      absl::Milliseconds(absl::GetFlag(FLAGS_default_deadline_ms)));
  coalition::gateway::ReflectionService reflection(authenticator);

  // The handshake asks for a client certificate but does not require one; the gateway checks it
  // against the CA itself, so a caller without one gets UNAUTHENTICATED, not a failed handshake.
  grpc::SslServerCredentialsOptions tls(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_BUT_DONT_VERIFY);
  tls.pem_root_certs = coalition::ReadFile(dir + "/ca.pem");
  tls.pem_key_cert_pairs.push_back(
      {coalition::ReadFile(dir + "/gateway.key"), coalition::ReadFile(dir + "/gateway.pem")});

  // grpc.health.v1.Health, answered to anyone (no certificate needed, so load balancers can
  // probe): SERVING from when the gateway listens, having loaded its certificates and migrated
  // its schema, until it starts shutting down. It does not probe the backends: each serves its
  // own health, and a gateway taken out of rotation for a backend's fault would not help.
  grpc::EnableDefaultHealthCheckService(true);
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(absl::GetFlag(FLAGS_listen), grpc::SslServerCredentials(tls), &port);
  builder.SetMaxReceiveMessageSize(absl::GetFlag(FLAGS_max_message_bytes));
  builder.RegisterService(&audit_service);  // served here; everything else is forwarded
  builder.RegisterService(&access_service);
  builder.RegisterService(&reflection);  // filtered by role, not gRPC's plugin
  builder.RegisterCallbackGenericService(&proxy);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    coalition::LogError("gateway", absl::StrCat("cannot listen on ", absl::GetFlag(FLAGS_listen)));
    return 1;
  }
  coalition::LogInfo("gateway", absl::StrCat("serving on port ", port));
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    // Written whole, then renamed: a reader never sees half a port number.
    std::ofstream(port_file + ".tmp") << port;
    std::rename((port_file + ".tmp").c_str(), port_file.c_str());
  }
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  // Out of the load balancers' rotation first; calls in flight get up to 5 s.
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  return 0;
}
