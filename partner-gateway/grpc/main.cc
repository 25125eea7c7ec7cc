// coalition-gateway: the one public endpoint. Mutual TLS identifies each caller by its client
// certificate; calls are authorised by role and forwarded to the internal services, or answered
// here (the access and audit services), all through the same admission (proxy.h).
//
//   coalition-gateway --listen=0.0.0.0:8443 --tls_dir=var/certs --backend=127.0.0.1:50051
#include <malloc.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "partner-gateway/grpc/access_service.h"
#include "partner-gateway/store/audit_log.h"
#include "partner-gateway/grpc/call_audit.h"
#include "partner-gateway/grpc/hosted_services.h"
#include "partner-gateway/identity.h"
#include "partner-gateway/grpc/proxy.h"
#include "partner-gateway/grpc/reflection_service.h"
#include "services/common/log.h"
#include "services/common/mariadb/db_flags.h"
#include "services/common/mariadb/migrate.h"
#include "services/common/migration.h"
#include "services/common/read_file.h"
#include "services/common/grpc/server_process.h"

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
ABSL_FLAG(int64_t, unauthenticated_rate_per_s, 20,
          "attempts a second each client address may make without a valid credential (an API "
          "key not in the gateway's memory counts as one), on average");
ABSL_FLAG(int64_t, unauthenticated_burst, 40, "such attempts an address may make at once");
ABSL_FLAG(int, audit_refusal_window_s, 60,
          "refusals of one kind (caller, method, status) after the first in this window are "
          "counted in one audit record when it ends, not written one by one");
ABSL_FLAG(int, max_connection_idle_s, 60,
          "a connection without calls this long is closed (a client reconnects when it calls)");
ABSL_FLAG(int, max_connection_age_s, 3600,
          "a connection this old is closed; calls in flight get 11 more minutes to finish");
ABSL_FLAG(int, handshake_timeout_s, 10,
          "a connection that has not finished its TLS handshake by then is closed");
ABSL_FLAG(int, min_ping_interval_s, 60,
          "clients' keepalive pings more often than this, or any on a connection without "
          "calls, count against the client; the third closes the connection");
ABSL_FLAG(int, max_memory_mb, 64,
          "gRPC's memory for all connections together (a ResourceQuota); near it, connections "
          "without calls are closed first. gRPC 1.51 cannot cap the number of connections");
ABSL_FLAG(int, max_streams_per_caller, 32,
          "open streams (WatchMemberEvents) one identity may have; beyond it, RESOURCE_EXHAUSTED "
          "before any service is called");
ABSL_FLAG(int, max_streams, 2000, "open streams the gateway takes from all identities together");
ABSL_FLAG(std::string, api_key_secret_file, "",
          "the secret API keys are derived from (at least 32 bytes); default <tls_dir>/"
          "api-keys.secret if it exists. Without one, keys are checked but cannot be issued");

namespace coalition::gateway {
const std::vector<Migration>& Migrations();  // embedded from migrations/*.sql
}  // namespace coalition::gateway

namespace {

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

// What a connection may hold, and for how long: none is kept for ever, idle or not.
void LimitConnections(grpc::ServerBuilder& builder) {
  const auto ms = [](int seconds) { return std::max(1, seconds) * 1000; };
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS,
                             ms(absl::GetFlag(FLAGS_max_connection_idle_s)));
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS,
                             ms(absl::GetFlag(FLAGS_max_connection_age_s)));
  // A member-events watch runs for up to 10 minutes: let one started just before the age finish.
  builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, 11 * 60 * 1000);
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS,
                             ms(absl::GetFlag(FLAGS_handshake_timeout_s)));
  // Keepalive enforcement: pings cannot keep a connection without calls alive, nor flood one.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             ms(absl::GetFlag(FLAGS_min_ping_interval_s)));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 2);
}

// glibc keeps what freed connections leave for reuse, so without this a burst of connections
// that came and went would hold the gateway at its peak size for good (2,000 idle TLS
// connections: 22 MB to 189 MB, still 189 MB once they closed; 42 MB after a trim).
void ReturnFreedMemoryEveryMinute(absl::Notification& stopping) {
  while (!stopping.WaitForNotificationWithTimeout(absl::Minutes(1))) malloc_trim(0);
}

}  // namespace

int main(int argc, char** argv) {
  // As the services do: the lock graph was 4% of the gateway's CPU under a flood.
  coalition::QuietMutexChecksInRelease();
  coalition::RouteProtobufLogs();
  // Before any thread exists, so that every thread leaves them to the wait below.
  coalition::BlockTerminationSignals();
  coalition::LimitMallocArenas();
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
  coalition::gateway::AuditLog audit_log(**pool);
  coalition::gateway::CallAudit audit(
      audit_log, clock, absl::Seconds(std::max(1, absl::GetFlag(FLAGS_audit_refusal_window_s))));
  coalition::gateway::ApiKeyStore keys(**pool);
  coalition::gateway::MobileBackends mobiles(**pool, clock);
  coalition::gateway::RateLimiter attempts(
      clock, {std::max<int64_t>(1, absl::GetFlag(FLAGS_unauthenticated_rate_per_s)),
              std::max<int64_t>(1, absl::GetFlag(FLAGS_unauthenticated_burst))});
  coalition::gateway::Authenticator authenticator(**verifier, keys, attempts, clock);
  coalition::gateway::AccessService access(authenticator, keys, mobiles, clock,
                                           *std::move(issuing_secret));
  const coalition::gateway::HostedServices hosted(access, audit_log);
  coalition::gateway::RateLimiter limiter(clock,
                                          {std::max<int64_t>(1, absl::GetFlag(FLAGS_rate_per_s)),
                                           std::max<int64_t>(1, absl::GetFlag(FLAGS_rate_burst))});
  coalition::StreamLimits streams({std::max(1, absl::GetFlag(FLAGS_max_streams_per_caller)),
                                   std::max(1, absl::GetFlag(FLAGS_max_streams))});
  coalition::gateway::GatewayProxy proxy(
      authenticator, mobiles, limiter, streams, audit, hosted,
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
  LimitConnections(builder);
  grpc::ResourceQuota memory("gateway");
  memory.Resize(static_cast<size_t>(std::max(16, absl::GetFlag(FLAGS_max_memory_mb))) << 20);
  builder.SetResourceQuota(memory);
  builder.RegisterService(&reflection);  // filtered by role, not gRPC's plugin
  // Everything else, the gateway's own access and audit services included: the same admission.
  builder.RegisterCallbackGenericService(&proxy);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr) {
    coalition::LogError("gateway", absl::StrCat("cannot listen on ", absl::GetFlag(FLAGS_listen)));
    return 1;
  }
  coalition::LogInfo("gateway", absl::StrCat("serving on port ", port));
  if (const std::string port_file = absl::GetFlag(FLAGS_port_file); !port_file.empty()) {
    if (absl::Status written = coalition::WritePortFile(port_file, port); !written.ok()) {
      coalition::LogError("gateway", written.ToString());
      return 1;
    }
  }
  absl::Notification stopping;
  std::thread trimmer([&stopping] { ReturnFreedMemoryEveryMinute(stopping); });
  coalition::WaitForTerminationSignal();
  // Out of the load balancers' rotation first; calls in flight get up to 5 s.
  server->GetHealthCheckService()->SetServingStatus(false);
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  stopping.Notify();
  trimmer.join();
  return 0;
}
