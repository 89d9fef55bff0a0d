// A form sent after the session ended: the answers are kept (never the
// password or the CSRF token), the sign-in page says so, and after signing in
// the form's page shows them again to send; once, for the browser that typed
// them, and only for a form sent from this site. On both databases.
#include <boost/json.hpp>

#include "access/kept_forms.hpp"
#include "access/organisation.hpp"
#include "access/test_client.hpp"
#include "access/test_support.hpp"

using namespace coproduce;
using namespace coproduce::access;
using coproduce::access::testing::AccessFixture;
using coproduce::access::testing::body_json;
using coproduce::access::testing::kPassword;
using coproduce::access::testing::TestClient;
using http::Method;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class KeptForms : public AccessFixture {
 protected:
  // Signs `client` in through the JSON API; returns the CSRF token.
  std::string sign_in(TestClient& client) {
    auto r = client.send_json(Method::post, "/api/v1/session",
                              boost::json::serialize(boost::json::object{
                                  {"email", "alice@example.org"}, {"password", kPassword}, {"organisation", "north"}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(body_json(r).at("csrf_token").as_string());
  }
  std::string kept_fields() {
    auto row = db_->acquire()->query_one("SELECT fields FROM kept_forms");
    return row ? row->text(0) : std::string();
  }
  // The organisation settings form as a person fills it in.
  std::vector<std::pair<std::string, std::string>> filled(const std::string& token) {
    return {{"csrf_token", token},        {"form_page", "/settings"},
            {"name", "North & District"}, {"name_cy", "Gogledd <a Dosbarth>"},
            {"default_locale", "cy"},     {"contact_email", "hello@north.example.org"},
            {"new_password", "never-kept-1234"}};
  }
};

TEST_P(KeptForms, AFormSentAfterTheSessionEndedIsShownAgainAfterSigningIn) {
  TestClient client(*db_, AccessOptions{});
  auto token = sign_in(client);
  auto page = client.get("/settings");
  ASSERT_EQ(page.status, 200);
  // Every form says which page it is on.
  EXPECT_TRUE(contains(page.body, "<input type=\"hidden\" name=\"form_page\" value=\"/settings\">"));

  client.cookies().erase(AccessOptions{}.session_cookie());  // the session ends while the person types
  auto sent = client.post_form("/settings/organisation", filled(token));
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), "/login?kept=1&return=%2Fsettings");
  EXPECT_TRUE(client.cookies().count(AccessOptions{}.cookie_name(kKeptCookie)));
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->name, "North Council") << "nothing written";
  EXPECT_EQ(count("kept_forms"), 1);
  auto stored = kept_fields();
  EXPECT_TRUE(contains(stored, "North & District"));
  EXPECT_FALSE(contains(stored, "never-kept")) << "no password is kept";
  EXPECT_FALSE(contains(stored, token)) << "nor the CSRF token";
  EXPECT_FALSE(contains(stored, "form_page"));

  // The sign-in page says the session ended and the answers are kept, in either language.
  auto login = client.get("/login?kept=1&return=/settings");  // the test client does not decode queries
  EXPECT_TRUE(contains(login.body, "Your session has ended"));
  EXPECT_TRUE(contains(login.body, "We have kept the answers you typed"));
  EXPECT_TRUE(contains(login.body, "<input type=\"hidden\" name=\"return_to\" value=\"/settings\">"));
  EXPECT_TRUE(contains(login.body, "<input type=\"hidden\" name=\"kept\" value=\"1\">"));
  auto welsh = client.get("/login?kept=1&return=/settings&lang=cy");
  EXPECT_TRUE(contains(welsh.body, "Mae eich sesiwn wedi dod i ben"));
  EXPECT_FALSE(contains(welsh.body, "Your session has ended"));

  // Signed in again: the form is filled in as it was sent, with a banner, and nothing is sent.
  sign_in(client);
  auto back = client.get("/settings");
  ASSERT_EQ(back.status, 200);
  EXPECT_TRUE(contains(back.body, "Your answers have been kept"));
  EXPECT_TRUE(contains(back.body, "Check your answers, then send the form again."));
  EXPECT_TRUE(contains(back.body, "value=\"North &amp; District\""));
  EXPECT_TRUE(contains(back.body, "value=\"Gogledd &lt;a Dosbarth&gt;\""));
  EXPECT_TRUE(contains(back.body, "value=\"cy\" checked"));
  EXPECT_FALSE(contains(back.body, "value=\"en\" checked"));
  EXPECT_FALSE(contains(back.body, "never-kept"));
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->name, "North Council");
  EXPECT_EQ(count("kept_forms"), 0) << "taken once";
  EXPECT_FALSE(contains(client.get("/settings").body, "Your answers have been kept"));
}

TEST_P(KeptForms, AStaleCsrfTokenFromAnEarlierSessionSendsThePersonBackToTheForm) {
  TestClient client(*db_, AccessOptions{});
  auto old_token = sign_in(client);
  // Signed in again (in another tab, after this form was shown): a new session, a new token.
  client.cookies().erase(AccessOptions{}.session_cookie());
  sign_in(client);
  auto sent = client.post_form("/settings/organisation", filled(old_token));
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), "/settings");
  auto back = client.get("/settings?lang=cy");
  EXPECT_EQ(back.status, 200);
  EXPECT_FALSE(contains(back.body, "value=\"North &amp; District\"")) << "only on the very page the form is on";
  back = client.get("/settings");
  EXPECT_TRUE(contains(back.body, "value=\"North &amp; District\""));
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->name, "North Council");
}

TEST_P(KeptForms, NothingIsKeptFromAnotherSiteOrOverTheLimits) {
  TestClient client(*db_, AccessOptions{});
  auto token = sign_in(client);
  client.cookies().erase(AccessOptions{}.session_cookie());
  // A page elsewhere cannot plant answers: the usual sign-in redirect, nothing kept.
  auto request = coproduce::access::testing::make_request(Method::post, "/settings/organisation", "name=Forged&form_page=%2Fsettings",
                                       "application/x-www-form-urlencoded");
  request.headers.emplace_back("origin", "https://elsewhere.example");
  auto forged = client.send(request);
  EXPECT_EQ(forged.status, 303);
  EXPECT_FALSE(contains(forged.header("location").value_or(""), "kept=1"));
  EXPECT_EQ(count("kept_forms"), 0);
  // Too much to keep: not kept.
  auto fields = filled(token);
  fields.emplace_back("description", std::string(kMaxKeptBytes + 1, 'x'));
  auto large = client.post_form("/settings/organisation", fields);
  EXPECT_EQ(large.status, 303);
  EXPECT_FALSE(contains(large.header("location").value_or(""), "kept=1"));
  EXPECT_EQ(count("kept_forms"), 0);
  // Without knowing the form's page (no form_page, no Referer): the usual redirect.
  auto unknown = client.post_form("/settings/organisation", {{"name", "X"}, {"csrf_token", token}});
  EXPECT_FALSE(contains(unknown.header("location").value_or(""), "kept=1"));
  // Expired: after 30 minutes nothing is given back.
  client.post_form("/settings/organisation", filled(token));
  EXPECT_EQ(count("kept_forms"), 1);
  db_->acquire()->execute("UPDATE kept_forms SET expires_at = '2000-01-01T00:00:00Z'");
  sign_in(client);
  EXPECT_FALSE(contains(client.get("/settings").body, "Your answers have been kept"));
  // Another browser signed in as the same person does not find them either.
  client.cookies().erase(AccessOptions{}.session_cookie());
  client.post_form("/settings/organisation", filled(token));
  TestClient other(*db_, AccessOptions{});
  sign_in(other);
  EXPECT_FALSE(contains(other.get("/settings").body, "Your answers have been kept"));
}

TEST(KeptFormFields, LeavePasswordsSecretsAndTokensOutAndRespectTheLimits) {
  auto kept = fields_to_keep({{"csrf_token", "t"}, {"Password", "p"}, {"new_password", "p"},
                              {"client_secret", "s"}, {"api_token", "t"}, {"form_page", "/x"},
                              {"name", "A"}, {"driver", "x"}, {"driver", "y"}});
  ASSERT_TRUE(kept);
  EXPECT_EQ(*kept, (FormFields{{"name", "A"}, {"driver", "x"}, {"driver", "y"}}));
  EXPECT_FALSE(fields_to_keep({{"note", std::string(kMaxKeptBytes + 1, 'x')}}));
  FormFields many(kMaxKeptFields + 1, {"n", "v"});
  EXPECT_FALSE(fields_to_keep(many));
}

}  // namespace

ACCESS_ON_BOTH_BACKENDS(KeptForms);
