// Organisations, accounts, roles, sessions and API tokens in storage, with
// their audit events written in the same transaction.
#include <boost/json.hpp>

#include "access/test_support.hpp"
#include "audit/audit.hpp"
#include "core/error.hpp"

using namespace coproduce;
using namespace coproduce::access;
using coproduce::access::testing::AccessFixture;
using coproduce::access::testing::kPassword;
using namespace std::chrono_literals;

namespace {

template <class F>
core::Error error_from(F&& f) {
  try {
    f();
  } catch (const core::Error& e) {
    return e;
  }
  ADD_FAILURE() << "no core::Error was thrown";
  return core::Error(0, "none", "none");
}

class Repository : public AccessFixture {};

TEST_P(Repository, AccountsAreStoredWithLowerCasedEmailAndHashedPassword) {
  auto c = db_->acquire();
  auto alice = find_account_by_email(*c, "alice@example.org");
  ASSERT_TRUE(alice);
  EXPECT_EQ(alice->id, alice_);
  EXPECT_EQ(alice->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(normalise_email("  Bob@EXAMPLE.org "), "bob@example.org");
  auto duplicate = error_from([&] { create_account(*c, "ALICE@example.org", "Al", kPassword); });
  EXPECT_EQ(duplicate.http_status(), 409);
  EXPECT_EQ(duplicate.field(), "email");
  EXPECT_EQ(error_from([&] { create_account(*c, "no-at-sign", "X", kPassword); }).field(), "email");
  EXPECT_EQ(error_from([&] { create_account(*c, "c@example.org", "", kPassword); }).field(),
            "display_name");
  EXPECT_EQ(error_from([&] { create_account(*c, "c@example.org", "C", "short"); }).field(),
            "password");
  EXPECT_EQ(count("accounts"), 2);
}

TEST_P(Repository, OrganisationsValidateAndRejectDuplicateSlugs) {
  auto c = db_->acquire();
  EXPECT_EQ(error_from([&] { create_organisation(*c, "north", "Again", "en"); }).http_status(),
            409);
  EXPECT_EQ(error_from([&] { create_organisation(*c, "Bad Slug", "X", "en"); }).field(), "slug");
  EXPECT_EQ(error_from([&] { create_organisation(*c, "east", "East", "fr"); }).field(),
            "default_locale");
  EXPECT_EQ(first_organisation(*c)->id, north_);
  EXPECT_EQ(find_organisation_by_slug(*c, "south")->name, "Cyngor y De");
}

TEST_P(Repository, OnePersonHoldsDifferentRolesInDifferentOrganisations) {
  auto c = db_->acquire();
  EXPECT_EQ(find_role(*c, north_, bob_), core::Role::resident);
  EXPECT_EQ(find_role(*c, south_, bob_), core::Role::officer);
  EXPECT_FALSE(find_role(*c, south_, alice_));
  EXPECT_FALSE(put_membership(*c, core::Principal{}, north_, bob_, core::Role::councillor));
  EXPECT_EQ(find_role(*c, north_, bob_), core::Role::councillor);
  EXPECT_EQ(find_role(*c, south_, bob_), core::Role::officer);
}

TEST_P(Repository, SessionsResolveSlideAndExpire) {
  auto c = db_->acquire();
  auto t0 = std::chrono::system_clock::now();
  auto session = insert_session(*c, north_, bob_, t0, 24h);
  EXPECT_EQ(session.cookie_value.rfind(north_ + ".", 0), 0u);
  EXPECT_EQ(session.cookie_value.find(session.id), std::string::npos);
  auto token = session.cookie_value.substr(north_.size() + 1);
  EXPECT_EQ(session.id, sha256_hex(token));
  EXPECT_EQ(c->query("SELECT id FROM sessions WHERE id = $1", {token}).size(), 0u);

  auto resolved = resolve_session(*c, session.cookie_value, t0, 2h);
  ASSERT_TRUE(resolved);
  EXPECT_EQ(resolved->principal.account_id, bob_);
  EXPECT_EQ(resolved->principal.organisation_id, north_);
  EXPECT_EQ(resolved->principal.role, core::Role::resident);
  EXPECT_EQ(resolved->principal.display_name, "Bob");
  EXPECT_EQ(resolved->principal.session_id, session.id);
  EXPECT_FALSE(resolved->principal.via_api_token);
  EXPECT_EQ(resolved->csrf_token, session.csrf_token);

  // Each use within the idle timeout moves it forward, up to the absolute lifetime.
  EXPECT_TRUE(resolve_session(*c, session.cookie_value, t0 + 90min, 2h));
  EXPECT_TRUE(resolve_session(*c, session.cookie_value, t0 + 180min, 2h));
  EXPECT_TRUE(resolve_session(*c, session.cookie_value, t0 + 290min, 2h));
  EXPECT_FALSE(resolve_session(*c, session.cookie_value, t0 + 24h, 2h));
  EXPECT_EQ(count("sessions"), 0);  // the expired session was removed

  auto idle = insert_session(*c, north_, bob_, t0, 24h);
  EXPECT_FALSE(resolve_session(*c, idle.cookie_value, t0 + 2h + 1s, 2h));
  auto short_lived = insert_session(*c, north_, bob_, t0, 1h);
  EXPECT_TRUE(resolve_session(*c, short_lived.cookie_value, t0 + 59min, 2h));
  EXPECT_FALSE(resolve_session(*c, short_lived.cookie_value, t0 + 61min, 2h));
}

TEST_P(Repository, MalformedOrUnknownCookiesAreAnonymousNotErrors) {
  auto c = db_->acquire();
  auto t0 = std::chrono::system_clock::now();
  for (std::string cookie :
       {std::string(), std::string("x"), std::string("a.b"), north_ + "." + std::string(64, 'a'),
        north_ + ".' OR 1=1 --", south_ + "." + std::string(63, '0')})
    EXPECT_FALSE(resolve_session(*c, cookie, t0, 2h)) << cookie;
  // A valid token presented for another organisation does not resolve either.
  auto session = insert_session(*c, north_, bob_, t0, 24h);
  auto token = session.cookie_value.substr(north_.size() + 1);
  EXPECT_FALSE(resolve_session(*c, south_ + "." + token, t0, 2h));
}

TEST_P(Repository, LogoutAndLeavingTheOrganisationEndSessions) {
  auto c = db_->acquire();
  auto t0 = std::chrono::system_clock::now();
  auto session = insert_session(*c, north_, bob_, t0, 24h);
  c->transaction([&] { delete_session(*c, north_, session.id); });
  EXPECT_FALSE(resolve_session(*c, session.cookie_value, t0, 2h));

  auto other = insert_session(*c, north_, bob_, t0, 24h);
  c->execute("DELETE FROM memberships WHERE organisation_id = $1 AND account_id = $2",
             {north_, bob_});
  EXPECT_FALSE(resolve_session(*c, other.cookie_value, t0, 2h));
}

TEST_P(Repository, ApiTokensAreHashedUsableAndRevocable) {
  auto c = db_->acquire();
  auto t0 = std::chrono::system_clock::now();
  core::Principal bob;
  bob.account_id = bob_;
  bob.organisation_id = south_;
  bob.role = core::Role::officer;
  auto created = c->transaction([&] { return insert_api_token(*c, bob, "nightly export", t0); });
  EXPECT_EQ(created.secret.rfind("cp_" + south_ + "_", 0), 0u);
  auto stored = c->query_one("SELECT token_hash FROM api_tokens")->text(0);
  EXPECT_EQ(created.secret.find(stored), std::string::npos);

  auto principal = resolve_api_token(*c, created.secret, t0);
  ASSERT_TRUE(principal);
  EXPECT_EQ(principal->account_id, bob_);
  EXPECT_EQ(principal->organisation_id, south_);
  EXPECT_EQ(principal->role, core::Role::officer);
  EXPECT_TRUE(principal->via_api_token);
  auto listed = list_api_tokens(*c, bob);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].last_used_at, iso_utc(t0));

  core::Principal alice = bob;
  alice.account_id = alice_;
  EXPECT_FALSE(revoke_api_token(*c, alice, created.token.id));  // not hers
  EXPECT_TRUE(resolve_api_token(*c, created.secret, t0));
  EXPECT_TRUE(c->transaction([&] { return revoke_api_token(*c, bob, created.token.id); }));
  EXPECT_FALSE(resolve_api_token(*c, created.secret, t0));
  EXPECT_TRUE(list_api_tokens(*c, bob)[0].revoked);

  for (std::string bad : {std::string("cp_"), std::string("Bearer x"),
                          created.secret.substr(0, created.secret.size() - 1) + "g"})
    EXPECT_FALSE(resolve_api_token(*c, bad, t0)) << bad;
}

TEST_P(Repository, AuditEventIsWrittenWithTheChangeOrNotAtAll) {
  auto c = db_->acquire();
  auto events_before = count("audit_events");
  EXPECT_THROW(c->transaction([&] {
    put_membership(*c, core::Principal{}, south_, alice_, core::Role::councillor);
    throw std::runtime_error("a later write in the same request failed");
  }),
               std::runtime_error);
  EXPECT_FALSE(find_role(*c, south_, alice_));
  EXPECT_EQ(count("audit_events"), events_before);

  core::Principal bob;
  bob.account_id = bob_;
  bob.organisation_id = south_;
  c->transaction([&] { put_membership(*c, bob, south_, alice_, core::Role::councillor); });
  auto events = audit::list(*c, south_, {"membership", alice_, 10});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor_account_id, bob_);
  EXPECT_EQ(events[0].action, "create");
  EXPECT_EQ(events[0].after->at("role"), "councillor");
}

TEST_P(Repository, SecretsNeverReachTheAuditTrail) {
  auto c = db_->acquire();
  auto t0 = std::chrono::system_clock::now();
  auto session = c->transaction([&] { return insert_session(*c, north_, bob_, t0, 24h); });
  core::Principal bob;
  bob.account_id = bob_;
  bob.organisation_id = north_;
  auto token = c->transaction([&] { return insert_api_token(*c, bob, "ci", t0); });
  c->transaction([&] { delete_session(*c, north_, session.id); });

  auto audit_text = all_audit_json();
  EXPECT_NE(audit_text.find("alice@example.org"), std::string::npos);  // the trail is not empty
  EXPECT_EQ(audit_text.find(kPassword), std::string::npos);
  EXPECT_EQ(audit_text.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(audit_text.find(session.cookie_value.substr(north_.size() + 1)), std::string::npos);
  EXPECT_EQ(audit_text.find(session.csrf_token), std::string::npos);
  EXPECT_EQ(audit_text.find(token.secret.substr(24)), std::string::npos);
  EXPECT_EQ(audit_text.find(c->query_one("SELECT token_hash FROM api_tokens")->text(0)),
            std::string::npos);
}

ACCESS_ON_BOTH_BACKENDS(Repository);

}  // namespace
