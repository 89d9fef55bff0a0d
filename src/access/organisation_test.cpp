// The organisation's details, policy pages and feedback, on both databases:
// every field checked before anything is written, each change audited, the
// standard text until an officer writes the organisation's own (per
// language, shown escaped), the cookies the site really sets, feedback kept
// and emailed to the contact address, and one organisation's officer never
// reaching another's.
#include "access/organisation.hpp"
#include "access/test_client.hpp"
#include "access/test_support.hpp"
#include "core/error.hpp"

using namespace coproduce;
using namespace coproduce::access;
using namespace coproduce::access::testing;
using http::Method;

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

std::map<std::string, std::string> by_field(const core::Error& e) {
  std::map<std::string, std::string> out;
  for (const auto& p : e.problems()) out[p.field] = p.message_key;
  return out;
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class OrganisationTest : public AccessFixture {
 protected:
  void SetUp() override {
    AccessFixture::SetUp();
    client_ = std::make_unique<TestClient>(*db_, AccessOptions{});
  }

  core::Principal as(const std::string& organisation, const std::string& account, core::Role role) {
    core::Principal p;
    p.organisation_id = organisation;
    p.account_id = account;
    p.role = role;
    return p;
  }

  // Signs `client` in through the JSON API; returns the CSRF token.
  std::string sign_in(TestClient& client, const std::string& email, const std::string& organisation) {
    auto r = client.send_json(Method::post, "/api/v1/session",
                              boost::json::serialize(boost::json::object{
                                  {"email", email}, {"password", kPassword}, {"organisation", organisation}}));
    EXPECT_EQ(r.status, 201) << r.body;
    return std::string(body_json(r).at("csrf_token").as_string());
  }

  std::int64_t audit_count(const std::string& entity_type) {
    return db_->acquire()
        ->query_one("SELECT COUNT(*) FROM audit_events WHERE entity_type = $1 AND action <> 'create'", {entity_type})
        ->integer(0);
  }

  struct Mail {
    std::string to, locale, template_key, subject, body;
  };
  std::vector<Mail> outbox() {
    std::vector<Mail> out;
    for (const auto& r : db_->acquire()->query("SELECT recipient, locale, template, subject, body FROM outbox"))
      out.push_back({r.text(0), r.text(1), r.text(2), r.text(3), r.text(4)});
    return out;
  }

  std::unique_ptr<TestClient> client_;
};

TEST_P(OrganisationTest, DetailsAreCheckedFieldByFieldBeforeAnythingIsWritten) {
  auto alice = as(north_, alice_, core::Role::officer);
  auto events = count("audit_events");
  auto e = error_from([&] {
    change_organisation(*db_, alice, {" ", std::string(121, 'x'), "fr", "not an address"});
  });
  EXPECT_EQ(e.http_status(), 422);
  auto problems = by_field(e);
  EXPECT_EQ(problems["name"], "access.organisation.error.name_required");
  EXPECT_EQ(problems["name_cy"], "access.organisation.error.name_too_long");
  EXPECT_EQ(problems["default_locale"], "access.error.locale");
  EXPECT_EQ(problems["contact_email"], "access.error.email_format");
  EXPECT_EQ(by_field(error_from([&] { change_organisation(*db_, alice, {"Two\nlines", {}, {}, {}}); }))["name"],
            "access.organisation.error.name_one_line");
  EXPECT_EQ(count("audit_events"), events);
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->name, "North Council");
  // 120 Welsh letters are 120 characters, though 240 bytes.
  EXPECT_NO_THROW(change_organisation(*db_, alice, {{}, repeat("ŵ", 120), {}, {}}));
}

TEST_P(OrganisationTest, EachChangeIsAuditedWithWhatChanged) {
  auto alice = as(north_, alice_, core::Role::officer);
  auto after = change_organisation(
      *db_, alice, {"  North County Council ", "Cyngor Sir y Gogledd", "cy", " Feedback@North.Example.org "});
  EXPECT_EQ(after.name, "North County Council");
  EXPECT_EQ(after.name_cy, "Cyngor Sir y Gogledd");
  EXPECT_EQ(after.default_locale, "cy");
  EXPECT_EQ(after.contact_email, "feedback@north.example.org");
  auto stored = organisation_details(*db_->acquire(), north_);
  EXPECT_EQ(stored->name, "North County Council");
  EXPECT_EQ(stored->contact_email, "feedback@north.example.org");
  auto row = db_->acquire()->query_one(
      "SELECT actor_account_id, action, entity_id, before_json, after_json FROM audit_events "
      "WHERE organisation_id = $1 AND entity_type = 'organisation' AND action = 'update'",
      {north_});
  ASSERT_TRUE(row);
  EXPECT_EQ(row->text(0), alice_);
  EXPECT_EQ(row->text(1), "update");
  EXPECT_EQ(row->text(2), north_);
  auto before = boost::json::parse(row->text(3));
  EXPECT_EQ(before.at("name"), "North Council");
  EXPECT_EQ(before.at("default_locale"), "en");
  EXPECT_EQ(before.at("contact_email"), "");
  EXPECT_EQ(boost::json::parse(row->text(4)).at("name_cy"), "Cyngor Sir y Gogledd");
  // The same values again change nothing and write no event; one field writes only itself.
  change_organisation(*db_, alice, {"North County Council", {}, "cy", {}});
  EXPECT_EQ(audit_count("organisation"), 1);
  change_organisation(*db_, alice, {{}, {}, {}, ""});
  EXPECT_EQ(audit_count("organisation"), 2);
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->contact_email, "");
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->name, "North County Council");
}

TEST_P(OrganisationTest, TheApiShowsTheOrganisationAndOnlyItsOfficersChangeIt) {
  auto anonymous = client_->get("/api/v1/organisation?org=north");
  ASSERT_EQ(anonymous.status, 200) << anonymous.body;
  EXPECT_EQ(body_json(anonymous).at("name"), "North Council");
  EXPECT_EQ(client_->send_json(Method::patch, "/api/v1/organisation", R"({"name": "Taken over"})").status, 401);

  // Bob is a resident of north and the officer of south.
  TestClient bob_in_north(*db_, AccessOptions{});
  auto token = sign_in(bob_in_north, "bob@example.org", "north");
  EXPECT_EQ(bob_in_north.send_json(Method::patch, "/api/v1/organisation", R"({"name": "Taken over"})",
                                   {{"x-csrf-token", token}})
                .status,
            403);
  TestClient bob_in_south(*db_, AccessOptions{});
  token = sign_in(bob_in_south, "bob@example.org", "south");
  auto changed = bob_in_south.send_json(Method::patch, "/api/v1/organisation",
                                        R"({"name": "South Council", "name_cy": "Cyngor y De"})",
                                        {{"x-csrf-token", token}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(body_json(changed).at("slug"), "south");
  EXPECT_EQ(organisation_details(*db_->acquire(), south_)->name, "South Council");
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->name, "North Council") << "only the officer's own";

  auto refused = bob_in_south.send_json(Method::patch, "/api/v1/organisation",
                                        R"({"name": "", "contact_email": "x", "slug": "north"})",
                                        {{"x-csrf-token", token}});
  EXPECT_EQ(refused.status, 422);
  std::set<std::string> fields;
  auto body = body_json(refused);
  for (const auto& p : body.at("error").at("details").as_array()) fields.insert(std::string(p.at("field").as_string()));
  EXPECT_TRUE(fields.count("slug")) << body;
  EXPECT_EQ(organisation_details(*db_->acquire(), south_)->name, "South Council");
}

TEST_P(OrganisationTest, TheSettingsFormSavesWithABannerOrShowsEachErrorByItsField) {
  auto token = sign_in(*client_, "alice@example.org", "north");
  auto page = client_->get("/settings");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_TRUE(contains(page.body, "value=\"North Council\""));
  EXPECT_TRUE(contains(page.body, "action=\"/settings/organisation\""));
  EXPECT_TRUE(contains(page.body, "href=\"/settings/policies/privacy\""));

  auto bad = client_->post_form("/settings/organisation", {{"name", ""},
                                                           {"name_cy", "Cyngor y Gogledd"},
                                                           {"default_locale", "en"},
                                                           {"contact_email", "nobody at all"},
                                                           {"csrf_token", token}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "govuk-error-summary"));
  EXPECT_TRUE(contains(bad.body, "href=\"#name\">Enter the organisation&#39;s name in English</a>"));
  EXPECT_TRUE(contains(bad.body, "href=\"#contact_email\">Enter an email address in the correct format"));
  EXPECT_TRUE(contains(bad.body, "id=\"name-error\""));
  EXPECT_TRUE(contains(bad.body, "value=\"Cyngor y Gogledd\"")) << "what was typed is kept";
  EXPECT_TRUE(contains(bad.body, "value=\"nobody at all\""));
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->name_cy, "");

  auto good = client_->post_form("/settings/organisation", {{"name", "North Council"},
                                                            {"name_cy", "Cyngor y Gogledd"},
                                                            {"default_locale", "cy"},
                                                            {"contact_email", "hello@north.example.org"},
                                                            {"csrf_token", token}});
  ASSERT_EQ(good.status, 303) << good.body;
  auto location = good.header("Location").value_or("");
  EXPECT_EQ(location, "/settings?done=access.organisation.saved.done");
  auto after = client_->get(location);
  EXPECT_TRUE(contains(after.body, "govuk-notification-banner--success"));
  EXPECT_TRUE(contains(after.body, "The organisation&#39;s details have been saved"));
  EXPECT_TRUE(contains(after.body, "value=\"Cyngor y Gogledd\""));
  EXPECT_EQ(organisation_details(*db_->acquire(), north_)->default_locale, "cy");

  // A resident may not even see the form.
  TestClient bob(*db_, AccessOptions{});
  sign_in(bob, "bob@example.org", "north");
  EXPECT_EQ(bob.get("/settings").status, 403);
}

TEST_P(OrganisationTest, PolicyPagesShowTheStandardTextUntilAnOfficerWritesTheOrganisationsOwn) {
  auto privacy = client_->get("/privacy?org=north");
  ASSERT_EQ(privacy.status, 200);
  EXPECT_TRUE(contains(privacy.body, "<h1 class=\"govuk-heading-l\">Privacy notice</h1>"));
  EXPECT_TRUE(contains(privacy.body, "North Council is responsible for the information"));
  auto welsh = client_->get("/privacy?org=north&lang=cy");
  EXPECT_TRUE(contains(welsh.body, "Hysbysiad preifatrwydd"));
  EXPECT_TRUE(contains(welsh.body, "North Council sy&#39;n gyfrifol am yr wybodaeth"));
  for (const char* path : {"/accessibility", "/cookies"}) {
    EXPECT_EQ(client_->get(std::string(path) + "?org=north").status, 200) << path;
    EXPECT_EQ(client_->get(std::string(path) + "?org=north&lang=cy").status, 200) << path;
  }

  auto alice = as(north_, alice_, core::Role::officer);
  change_policy(*db_, alice, "privacy", "  Our own <b>notice</b>\r\nsecond line\r\n\r\n\r\nA second paragraph. ", "");
  privacy = client_->get("/privacy?org=north");
  EXPECT_TRUE(contains(privacy.body,
                       "<p class=\"govuk-body\">Our own &lt;b&gt;notice&lt;/b&gt;<br>\nsecond line</p>\n"
                       "<p class=\"govuk-body\">A second paragraph.</p>"))
      << "no HTML from people: escaped, a paragraph per blank line";
  EXPECT_FALSE(contains(privacy.body, "is responsible for the information"));
  EXPECT_TRUE(contains(privacy.body, "Last updated"));
  welsh = client_->get("/privacy?org=north&lang=cy");
  EXPECT_TRUE(contains(welsh.body, "sy&#39;n gyfrifol am yr wybodaeth")) << "Welsh keeps the standard text";
  EXPECT_TRUE(contains(client_->get("/privacy?org=south").body, "Cyngor y De is responsible for the information"))
      << "another organisation keeps its own";

  change_policy(*db_, alice, "privacy", "Our own notice", "Ein hysbysiad ein hunain");
  EXPECT_TRUE(contains(client_->get("/privacy?org=north&lang=cy").body, "Ein hysbysiad ein hunain"));
  auto c = db_->acquire();
  EXPECT_EQ(custom_policy(*c, north_, "privacy", "en")->body, "Our own notice");
  auto event = c->query_one(
      "SELECT before_json, after_json FROM audit_events WHERE entity_type = 'policy_page' AND entity_id = 'privacy.cy'");
  ASSERT_TRUE(event);
  EXPECT_TRUE(boost::json::parse(event->text(0)).at("body").is_null()) << "it was the standard text";
  EXPECT_EQ(boost::json::parse(event->text(1)).at("body"), "Ein hysbysiad ein hunain");
  EXPECT_EQ(audit_count("policy_page"), 3) << "en twice, cy once";

  // An empty box returns that language to the standard text.
  change_policy(*db_, alice, "privacy", "  \r\n ", "Ein hysbysiad ein hunain");
  EXPECT_FALSE(custom_policy(*c, north_, "privacy", "en"));
  EXPECT_TRUE(contains(client_->get("/privacy?org=north").body, "North Council is responsible for the information"));
  EXPECT_EQ(audit_count("policy_page"), 4);

  auto too_long = error_from([&] { change_policy(*db_, alice, "cookies", "", repeat("ŵ", kMaxPolicyCharacters + 1)); });
  EXPECT_EQ(by_field(too_long)["body_cy"], "access.policy.error.too_long");
  EXPECT_FALSE(custom_policy(*c, north_, "cookies", "cy"));
  EXPECT_EQ(error_from([&] { change_policy(*db_, alice, "terms", "x", "y"); }).http_status(), 404);
}

TEST_P(OrganisationTest, OfficersEditPolicyPagesThroughTheFormOfTheirOwnOrganisationOnly) {
  auto token = sign_in(*client_, "alice@example.org", "north");
  auto form = client_->get("/settings/policies/accessibility");
  ASSERT_EQ(form.status, 200) << form.body;
  EXPECT_TRUE(contains(form.body, "name=\"body_en\""));
  EXPECT_TRUE(contains(form.body, "name=\"body_cy\""));
  EXPECT_TRUE(contains(form.body, "See the standard text in Welsh"));
  EXPECT_EQ(client_->get("/settings/policies/terms").status, 404);

  auto saved = client_->post_form("/settings/policies/accessibility",
                                  {{"body_en", "North's statement"}, {"body_cy", "Datganiad y Gogledd"}, {"csrf_token", token}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(saved.header("Location"), "/settings?done=access.policy.saved.done");
  auto too_long = client_->post_form("/settings/policies/accessibility",
                                     {{"body_en", std::string(kMaxPolicyCharacters + 1, 'a')},
                                      {"body_cy", "Datganiad newydd"},
                                      {"csrf_token", token}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_TRUE(contains(too_long.body, "href=\"#body_en\">The text in English must be 20,000 characters or fewer"));
  EXPECT_TRUE(contains(too_long.body, "Datganiad newydd</textarea>"));

  // South's officer edits south's statement; north's stays.
  TestClient bob(*db_, AccessOptions{});
  auto bob_token = sign_in(bob, "bob@example.org", "south");
  EXPECT_EQ(bob.post_form("/settings/policies/accessibility",
                          {{"body_en", "South's statement"}, {"body_cy", ""}, {"csrf_token", bob_token}})
                .status,
            303);
  auto c = db_->acquire();
  EXPECT_EQ(custom_policy(*c, north_, "accessibility", "en")->body, "North's statement");
  EXPECT_EQ(custom_policy(*c, south_, "accessibility", "en")->body, "South's statement");
  EXPECT_TRUE(contains(client_->get("/accessibility").body, "North&#39;s statement"));

  TestClient resident(*db_, AccessOptions{});
  auto resident_token = sign_in(resident, "bob@example.org", "north");
  EXPECT_EQ(resident.post_form("/settings/policies/accessibility",
                               {{"body_en", "Mine now"}, {"body_cy", ""}, {"csrf_token", resident_token}})
                .status,
            403);
  EXPECT_EQ(custom_policy(*c, north_, "accessibility", "en")->body, "North's statement");
}

TEST_P(OrganisationTest, TheCookiesPageAlwaysListsTheCookiesTheSiteSets) {
  auto alice = as(north_, alice_, core::Role::officer);
  change_policy(*db_, alice, "cookies", "We use no cookies at all.", "");
  for (const char* lang : {"en", "cy"}) {
    auto page = client_->get(std::string("/cookies?org=north&lang=") + lang);
    ASSERT_EQ(page.status, 200);
    // Served securely by default: the __Host- names; the language cookie as web/routes.cpp names it.
    EXPECT_TRUE(contains(page.body, "<code>__Host-cp_session</code>")) << lang;
    EXPECT_TRUE(contains(page.body, "<code>__Host-cp_csrf</code>")) << lang;
    EXPECT_TRUE(contains(page.body, "<code>cp_lang</code>")) << lang;
  }
  auto english = client_->get("/cookies?org=north");
  EXPECT_TRUE(contains(english.body, "24 hours after you sign in"));
  EXPECT_TRUE(contains(english.body, "after 2 hours without use"));
  EXPECT_TRUE(contains(client_->get("/cookies?org=north&lang=cy").body, "24 awr ar ôl i chi fewngofnodi"));

  AccessOptions local;
  local.secure_cookies = false;
  TestClient on_loopback(*db_, local);
  auto page = on_loopback.get("/cookies");
  EXPECT_TRUE(contains(page.body, "<code>cp_session</code>"));
  EXPECT_FALSE(contains(page.body, "__Host-"));
}

TEST_P(OrganisationTest, FeedbackIsCheckedKeptAndEmailedToTheContactAddressInTheOrganisationsLanguage) {
  auto e = error_from([&] {
    submit_feedback(*db_, north_, {std::string(kMaxFeedbackDoingCharacters + 1, 'a'), " \r\n", "no-at-sign", "en"}, "");
  });
  auto problems = by_field(e);
  EXPECT_EQ(problems["doing"], "access.feedback.error.doing_too_long");
  EXPECT_EQ(problems["feedback"], "access.feedback.error.required");
  EXPECT_EQ(problems["email"], "access.error.email_format");
  EXPECT_EQ(by_field(error_from([&] {
              submit_feedback(*db_, north_, {"", repeat("ŵ", kMaxFeedbackCharacters + 1), "", "en"}, "");
            }))["feedback"],
            "access.feedback.error.too_long");
  EXPECT_EQ(count("feedback"), 0);

  // No contact address: kept, not emailed.
  submit_feedback(*db_, north_, {"", "The map is lovely", "", "en"}, "https://coproduce.example.test");
  EXPECT_EQ(count("feedback"), 1);
  EXPECT_EQ(count("outbox"), 0);

  auto alice = as(north_, alice_, core::Role::officer);
  change_organisation(*db_, alice, {{}, {}, "cy", "team@north.example.org"});
  submit_feedback(*db_, north_,
                  {"Looking for my shifts", "The button did nothing\r\nat all", " Reply@Example.org ", "en"},
                  "https://coproduce.example.test");
  auto mails = outbox();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "team@north.example.org");
  EXPECT_EQ(mails[0].template_key, "access.email.feedback");
  EXPECT_EQ(mails[0].locale, "cy") << "the organisation's default language";
  EXPECT_EQ(mails[0].subject, "Adborth newydd ar y wefan cydgynhyrchu");
  EXPECT_TRUE(contains(mails[0].body, "The button did nothing\nat all"));
  EXPECT_TRUE(contains(mails[0].body, "Looking for my shifts"));
  EXPECT_TRUE(contains(mails[0].body, "Ateb i: reply@example.org"));
  EXPECT_TRUE(contains(mails[0].body, "https://coproduce.example.test/settings/feedback"));

  auto c = db_->acquire();
  auto items = list_feedback(*c, north_);
  ASSERT_EQ(items.size(), 2u);
  auto answered = std::find_if(items.begin(), items.end(), [](const Feedback& f) { return !f.reply_email.empty(); });
  ASSERT_NE(answered, items.end());
  EXPECT_EQ(answered->body, "The button did nothing\nat all");
  EXPECT_EQ(answered->doing, "Looking for my shifts");
  EXPECT_EQ(answered->reply_email, "reply@example.org");
  EXPECT_EQ(answered->locale, "en");
  EXPECT_TRUE(list_feedback(*c, south_).empty());
}

TEST_P(OrganisationTest, TheFeedbackFormSendsAndOnlyTheOrganisationsOfficersReadIt) {
  auto form = client_->get("/feedback?org=north");
  ASSERT_EQ(form.status, 200);
  auto token = client_->cookies().at("__Host-cp_csrf");
  EXPECT_TRUE(contains(form.body, "name=\"feedback\""));
  auto empty = client_->post_form("/feedback?org=north", {{"doing", "Reading the map"}, {"feedback", ""}, {"csrf_token", token}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_TRUE(contains(empty.body, "href=\"#feedback\">Enter your feedback</a>"));
  EXPECT_TRUE(contains(empty.body, "Reading the map</textarea>"));
  auto sent = client_->post_form("/feedback?org=north",
                                 {{"doing", "Reading the map"}, {"feedback", "Please add <a> key"}, {"csrf_token", token}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("Location"), "/feedback/sent");
  EXPECT_TRUE(contains(client_->get("/feedback/sent?org=north").body, "Thank you for your feedback"));
  EXPECT_EQ(client_->post_form("/feedback?org=north", {{"feedback", "forged"}, {"csrf_token", std::string(64, 'f')}}).status,
            403);
  EXPECT_EQ(count("feedback"), 1);

  TestClient alice(*db_, AccessOptions{});
  auto alice_token = sign_in(alice, "alice@example.org", "north");
  auto list = alice.get("/settings/feedback");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(contains(list.body, "Please add &lt;a&gt; key"));
  EXPECT_TRUE(contains(list.body, "Reading the map"));

  TestClient bob(*db_, AccessOptions{});
  auto bob_token = sign_in(bob, "bob@example.org", "south");
  auto south_list = bob.get("/settings/feedback");
  ASSERT_EQ(south_list.status, 200);
  EXPECT_FALSE(contains(south_list.body, "Please add")) << "south's officer sees only south's feedback";
  auto id = list_feedback(*db_->acquire(), north_)[0].id;
  EXPECT_EQ(bob.post_form("/settings/feedback/" + id + "/delete", {{"csrf_token", bob_token}}).status, 404);
  EXPECT_EQ(count("feedback"), 1);

  TestClient resident(*db_, AccessOptions{});
  sign_in(resident, "bob@example.org", "north");
  EXPECT_EQ(resident.get("/settings/feedback").status, 403);

  auto deleted = alice.post_form("/settings/feedback/" + id + "/delete", {{"csrf_token", alice_token}});
  ASSERT_EQ(deleted.status, 303);
  EXPECT_EQ(count("feedback"), 0);
  EXPECT_EQ(audit_count("feedback"), 1);
  EXPECT_FALSE(contains(all_audit_json(), "Please add")) << "the audit trail keeps no copy of what was written";
}

TEST(Paragraphs, SplitOnBlankLinesAndKeepLineBreaksWithin) {
  EXPECT_EQ(paragraphs(""), std::vector<std::string>{});
  EXPECT_EQ(paragraphs(" \n\t\n"), std::vector<std::string>{});
  EXPECT_EQ(paragraphs("one"), std::vector<std::string>{"one"});
  EXPECT_EQ(paragraphs("one\r\ntwo  \r\n \r\nthree\n\n\n\nfour"),
            (std::vector<std::string>{"one\ntwo", "three", "four"}));
  EXPECT_EQ(paragraphs("<script>x</script>"), std::vector<std::string>{"<script>x</script>"})
      << "text is kept as typed; the page escapes it";
}

}  // namespace

ACCESS_ON_BOTH_BACKENDS(OrganisationTest);
