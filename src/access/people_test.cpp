// Joining and leaving, on both databases: sign-up with a verified address,
// single-use expiring links, invitations answered alike whatever the
// address, the last officer kept, deleting an account without losing what
// the person contributed, API tokens that expire.
#include <regex>

#include "access/accounts.hpp"
#include "access/members.hpp"
#include "access/passwords.hpp"
#include "access/test_support.hpp"
#include "core/error.hpp"

using namespace coproduce;
using namespace coproduce::access;
using coproduce::access::testing::AccessFixture;
using coproduce::access::testing::kPassword;
using namespace std::chrono_literals;

namespace {

const std::string kUrl = "https://coproduce.example.test";

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

class People : public AccessFixture {
 protected:
  struct Mail {
    std::string to, template_key, body;
  };
  std::vector<Mail> outbox() {
    std::vector<Mail> out;
    for (const auto& r : db_->acquire()->query("SELECT recipient, template, body FROM outbox ORDER BY created_at, id"))
      out.push_back({r.text(0), r.text(1), r.text(2)});
    return out;
  }
  // The token of the link in the last email to `to`.
  std::string token_sent_to(const std::string& to) {
    std::string token;
    for (const auto& m : outbox()) {
      std::smatch match;
      if (m.to == to && std::regex_search(m.body, match, std::regex("token=([0-9a-f]{64})"))) token = match[1];
    }
    return token;
  }
  std::optional<std::string> verified_at(const std::string& email) {
    return db_->acquire()->query_one("SELECT email_verified_at FROM accounts WHERE email = $1", {email})->opt_text(0);
  }
  core::Principal as(const std::string& organisation, const std::string& account, core::Role role) {
    core::Principal p;
    p.organisation_id = organisation;
    p.account_id = account;
    p.role = role;
    p.display_name = "Officer";
    return p;
  }
  Clock::time_point now = Clock::now();
};

TEST_P(People, SignUpMakesAnUnverifiedResidentAndItsSingleUseLinkVerifiesIt) {
  sign_up(*db_, north_, {"Carys", " Carys@Example.org ", "a long enough password", "cy"}, kUrl, now);
  auto c = db_->acquire();
  auto carys = find_account_by_email(*c, "carys@example.org");
  ASSERT_TRUE(carys);
  EXPECT_EQ(find_role(*c, north_, carys->id), core::Role::resident);
  EXPECT_FALSE(verified_at("carys@example.org"));
  auto mails = outbox();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].template_key, "access.email.verify");
  EXPECT_NE(mails[0].body.find(kUrl + "/verify-email?token="), std::string::npos);
  EXPECT_NE(mails[0].body.find("Carys"), std::string::npos);
  auto token = token_sent_to("carys@example.org");
  EXPECT_FALSE(verify_email(*db_, token, now + kVerifyLinkLife + 1s)) << "an expired link does nothing";
  auto first = verify_email(*db_, token, now);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->account_id, carys->id);
  EXPECT_TRUE(verified_at("carys@example.org"));
  EXPECT_FALSE(verify_email(*db_, token, now)) << "a link works once";
  EXPECT_FALSE(verify_email(*db_, std::string(64, 'a'), now));
  EXPECT_FALSE(verify_email(*db_, "not hex", now));
}

TEST_P(People, SignUpWithATakenAddressMakesNothingAndTellsTheOwnerInstead) {
  auto accounts = count("accounts");
  sign_up(*db_, north_, {"Mallory", "alice@example.org", "a long enough password", "en"}, kUrl, now);
  EXPECT_EQ(count("accounts"), accounts);
  auto mails = outbox();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "alice@example.org");
  EXPECT_EQ(mails[0].template_key, "access.email.already_registered");
}

TEST_P(People, SignUpNamesEveryFieldWithAProblemAndWritesNothing) {
  auto e = error_from([&] { sign_up(*db_, north_, {" ", "no-at-sign", "short", "fr"}, kUrl, now); });
  EXPECT_EQ(e.http_status(), 422);
  std::map<std::string, std::string> by_field;
  for (const auto& p : e.problems()) by_field[p.field] = p.message_key;
  EXPECT_EQ(by_field["display_name"], "access.error.name_required");
  EXPECT_EQ(by_field["email"], "access.error.email_format");
  EXPECT_EQ(by_field["password"], "access.error.password_too_short");
  EXPECT_EQ(by_field["locale"], "access.error.locale");
  EXPECT_EQ(count("accounts"), 2);
  EXPECT_EQ(count("outbox"), 0);
  // Eleven Welsh letters and a circumflex are twelve characters, though more bytes.
  EXPECT_NO_THROW(sign_up(*db_, north_, {"Siân", "sian@example.org", "ŵŵŵŵŵŵŵŵŵŵŵŵ", "cy"}, kUrl, now));
}

TEST_P(People, AResetLinkWorksOnceWithinTheHourAndEndsEverySession) {
  request_password_reset(*db_, north_, "nobody@example.org", kUrl, now);
  EXPECT_EQ(count("outbox"), 0) << "an unknown address gets nothing, and the asker is told the same";
  request_password_reset(*db_, north_, "BOB@example.org", kUrl, now);
  auto token = token_sent_to("bob@example.org");
  ASSERT_EQ(token.size(), 64u);
  {
    auto c = db_->acquire();
    c->transaction([&] { insert_session(*c, north_, bob_, now, 1h); });
  }
  EXPECT_EQ(error_from([&] { reset_password(*db_, token, "a new long password", now + 61min); }).http_status(), 410);
  EXPECT_EQ(error_from([&] { reset_password(*db_, token, "short", now); }).field(), "password");
  reset_password(*db_, token, "a new long password", now);
  EXPECT_EQ(db_->acquire()->query_one("SELECT COUNT(*) FROM sessions WHERE account_id = $1", {bob_})->integer(0), 0);
  auto c = db_->acquire();
  EXPECT_TRUE(password_hasher().verify(find_account(*c, bob_)->password_hash, "a new long password"));
  EXPECT_EQ(error_from([&] { reset_password(*db_, token, "another long password", now); }).http_status(), 410);
  // A second request within minutes sends nothing more: the inbox is not flooded.
  auto sent = count("outbox");
  request_password_reset(*db_, north_, "bob@example.org", kUrl, now);
  EXPECT_EQ(count("outbox"), sent);
}

TEST_P(People, AnEmptyAccountFormNamesEveryEmptyBoxInTheFormsOrder) {
  auto bob = as(north_, bob_, core::Role::resident);
  auto fields = [](const core::Error& e) {
    std::vector<std::string> out;
    for (const auto& p : e.problems()) out.push_back(p.field);
    return out;
  };
  EXPECT_EQ(fields(error_from([&] { change_password(*db_, bob, "", ""); })),
            (std::vector<std::string>{"current_password", "password"}));
  EXPECT_EQ(fields(error_from([&] { request_email_change(*db_, bob, "", "", kUrl, now); })),
            (std::vector<std::string>{"new_email", "current_password"}));
  EXPECT_EQ(count("outbox"), 0);
}

TEST_P(People, ChangingTheAddressNeedsThePasswordAndTheNewAddressesLink) {
  auto bob = as(north_, bob_, core::Role::resident);
  EXPECT_EQ(error_from([&] { request_email_change(*db_, bob, "robert@example.org", "wrong password!", kUrl, now); })
                .field(),
            "current_password");
  EXPECT_EQ(count("outbox"), 0);
  request_email_change(*db_, bob, "robert@example.org", kPassword, kUrl, now);
  auto c = db_->acquire();
  EXPECT_EQ(find_account(*c, bob_)->email, "bob@example.org") << "nothing changes until the link is followed";
  auto token = token_sent_to("robert@example.org");
  confirm_email_change(*db_, token, now);
  EXPECT_EQ(find_account(*c, bob_)->email, "robert@example.org");
  EXPECT_EQ(error_from([&] { confirm_email_change(*db_, token, now); }).http_status(), 410);
  // Someone else's address: nothing is said to the asker, the owner is told.
  request_email_change(*db_, bob, "alice@example.org", kPassword, kUrl, now);
  auto mails = outbox();
  EXPECT_EQ(std::count_if(mails.begin(), mails.end(),
                          [](const Mail& m) { return m.to == "alice@example.org" && m.template_key == "access.email.change_taken"; }),
            1);
}

TEST_P(People, AnInvitationIsAnsweredAlikeAndNobodyJoinsWithoutAccepting) {
  auto alice = as(north_, alice_, core::Role::officer);
  auto c = db_->acquire();
  std::string to_new, to_existing;
  c->transaction([&] {
    to_new = invite(*c, alice, "carol@example.org", "professional", kUrl, now);
    to_existing = invite(*c, alice, "bob@example.org", "councillor", kUrl, now);
  });
  EXPECT_EQ(to_new.size(), to_existing.size());
  EXPECT_EQ(find_role(*c, north_, bob_), core::Role::resident) << "an invitation changes nothing by itself";
  EXPECT_EQ(pending_invitations(*c, north_, now).size(), 2u);
  auto carol_token = token_sent_to("carol@example.org");
  auto bob_token = token_sent_to("bob@example.org");
  // Someone else cannot accept Bob's invitation.
  EXPECT_EQ(error_from([&] { c->transaction([&] { accept_invitation(*c, bob_token, alice_, now); }); }).http_status(),
            403);
  c->transaction([&] { accept_invitation(*c, bob_token, bob_, now); });
  EXPECT_EQ(find_role(*c, north_, bob_), core::Role::councillor);
  // Carol has no account: accepting makes one, its address proven by the link.
  std::string carol;
  c->transaction([&] { carol = accept_with_new_account(*c, carol_token, "Carol", "hash", "en", now); });
  EXPECT_EQ(find_role(*c, north_, carol), core::Role::professional);
  EXPECT_TRUE(verified_at("carol@example.org"));
  EXPECT_EQ(error_from([&] { c->transaction([&] { accept_invitation(*c, carol_token, carol, now); }); }).http_status(),
            410);
  EXPECT_TRUE(pending_invitations(*c, north_, now).empty());
  // Bad input names the field; a later invitation replaces a pending one.
  EXPECT_EQ(error_from([&] { invite(*c, alice, "not an address", "officer", kUrl, now); }).problems()[0].field, "email");
  EXPECT_EQ(error_from([&] { invite(*c, alice, "d@example.org", "king", kUrl, now); }).problems()[0].field, "role");
  c->transaction([&] {
    invite(*c, alice, "d@example.org", "resident", kUrl, now);
    invite(*c, alice, "d@example.org", "officer", kUrl, now);
  });
  ASSERT_EQ(pending_invitations(*c, north_, now).size(), 1u);
  EXPECT_EQ(pending_invitations(*c, north_, now)[0].role, core::Role::officer);
  EXPECT_TRUE(pending_invitations(*c, north_, now + kInvitationLife + 1s).empty());
  // Another organisation's officer cannot revoke it.
  auto id = pending_invitations(*c, north_, now)[0].id;
  EXPECT_FALSE(c->transaction([&] { return revoke_invitation(*c, as(south_, bob_, core::Role::officer), id); }));
  EXPECT_TRUE(c->transaction([&] { return revoke_invitation(*c, alice, id); }));
}

TEST_P(People, TheLastOfficerStaysAndAChangedRoleIsTold) {
  auto alice = as(north_, alice_, core::Role::officer);
  auto c = db_->acquire();
  EXPECT_EQ(error_from([&] { c->transaction([&] { change_role(*c, alice, alice_, core::Role::resident); }); })
                .http_status(),
            409);
  EXPECT_EQ(error_from([&] { c->transaction([&] { remove_member(*c, alice, alice_); }); }).http_status(), 409);
  EXPECT_EQ(error_from([&] { c->transaction([&] { change_role(*c, alice, core::new_id(), core::Role::officer); }); })
                .http_status(),
            404);
  // Bob is a member of north and south; south's officer cannot reach north's members.
  EXPECT_EQ(error_from([&] { c->transaction([&] { remove_member(*c, as(south_, bob_, core::Role::officer), alice_); }); })
                .http_status(),
            404);
  c->transaction([&] { change_role(*c, alice, bob_, core::Role::officer); });
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM notifications WHERE account_id = $1 AND kind = $2",
                         {bob_, std::string("access.notice.role_changed")})
                ->integer(0),
            1);
  c->transaction([&] { change_role(*c, alice, alice_, core::Role::resident); });
  EXPECT_EQ(find_role(*c, north_, alice_), core::Role::resident);
}

TEST_P(People, RemovingAMemberEndsTheirSessionsAndTokensThereOnly) {
  auto alice = as(north_, alice_, core::Role::officer);
  auto c = db_->acquire();
  c->transaction([&] {
    insert_session(*c, north_, bob_, now, 1h);
    insert_session(*c, south_, bob_, now, 1h);
    insert_api_token(*c, as(north_, bob_, core::Role::resident), "script", now);
  });
  c->transaction([&] { remove_member(*c, alice, bob_); });
  EXPECT_FALSE(find_role(*c, north_, bob_));
  EXPECT_EQ(find_role(*c, south_, bob_), core::Role::officer);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM sessions WHERE account_id = $1", {bob_})->integer(0), 1);
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM api_tokens WHERE account_id = $1", {bob_})->integer(0), 0);
}

TEST_P(People, DeletingAnAccountEmptiesItAndFreesTheAddress) {
  module::Environment environment;
  environment.db = db_.get();
  module::Registry registry(environment);
  sign_up(*db_, north_, {"Dewi", "dewi@example.org", "a long enough password", "cy"}, kUrl, now);
  std::string dewi = find_account_by_email(*db_->acquire(), "dewi@example.org")->id;
  auto as_dewi = as(north_, dewi, core::Role::resident);
  EXPECT_EQ(error_from([&] { delete_account(*db_, registry, as_dewi, "wrong password!"); }).field(), "current_password");
  auto data = personal_data(*db_->acquire(), registry, dewi);
  EXPECT_EQ(data["account"].as_object()["email"].as_string(), "dewi@example.org");
  delete_account(*db_, registry, as_dewi, "a long enough password");
  auto c = db_->acquire();
  auto row = c->query_one("SELECT email, display_name, password_hash, deleted_at FROM accounts WHERE id = $1", {dewi});
  ASSERT_TRUE(row) << "the row stays so contributions keep their link";
  EXPECT_EQ(row->text(1), "");
  EXPECT_EQ(row->text(2), "");
  EXPECT_FALSE(row->is_null(3));
  EXPECT_EQ(row->text(0).find("dewi"), std::string::npos);
  EXPECT_FALSE(find_role(*c, north_, dewi));
  EXPECT_NO_THROW(sign_up(*db_, north_, {"Dewi", "dewi@example.org", "a long enough password", "cy"}, kUrl, now));
  // The only officer of an organisation cannot leave it without anyone.
  EXPECT_EQ(error_from([&] { delete_account(*db_, registry, as(south_, bob_, core::Role::officer), kPassword); })
                .http_status(),
            409);
}

TEST_P(People, ApiTokensStopWorkingWhenTheyExpire) {
  auto c = db_->acquire();
  auto token = c->transaction([&] { return insert_api_token(*c, as(north_, bob_, core::Role::resident), "script", now, std::chrono::days(30)); });
  EXPECT_TRUE(resolve_api_token(*c, token.secret, now + std::chrono::days(29)));
  EXPECT_FALSE(resolve_api_token(*c, token.secret, now + std::chrono::days(31)));
}

TEST(DeviceName, SaysBrowserAndSystemOnly) {
  EXPECT_EQ(device_name("Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"), "Firefox / Android");
  EXPECT_EQ(device_name("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 "
                        "Mobile/15E148 Safari/604.1"),
            "Safari / iOS");
  EXPECT_EQ(device_name("curl/8.5.0"), "curl");
  EXPECT_EQ(device_name(""), "");
}

}  // namespace

ACCESS_ON_BOTH_BACKENDS(People);
