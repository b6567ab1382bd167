// Database URLs as users write them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "base/database_url.hpp"
#include "base/errors.hpp"

namespace dbtest::unit {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string usage_error_of(const std::string& text) {
  try {
    DatabaseUrl::parse(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "'" << text << "' was accepted";
  return {};
}

TEST(DatabaseUrl, ParsesAFullPostgresUrl) {
  const auto url = DatabaseUrl::parse("postgresql://app:s3cret@db.example.com:6543/shop?sslmode=require&application_name=dbtest");
  EXPECT_EQ(url.scheme, "postgresql");
  EXPECT_EQ(url.user, "app");
  EXPECT_EQ(url.password, "s3cret");
  EXPECT_EQ(url.host, "db.example.com");
  EXPECT_EQ(url.port, 6543);
  EXPECT_EQ(url.database, "shop");
  EXPECT_EQ(url.params, (std::map<std::string, std::string>{{"application_name", "dbtest"}, {"sslmode", "require"}}));
}

TEST(DatabaseUrl, PostgresAliasesAreCanonical) {
  EXPECT_EQ(DatabaseUrl::parse("postgres://h/d").scheme, "postgresql");
  EXPECT_EQ(DatabaseUrl::parse("mariadb://h/d").scheme, "mysql");
  EXPECT_EQ(DatabaseUrl::parse("sqlite3:x.db").scheme, "sqlite");
}

TEST(BackendName, PostgresIsPostgresqlAndEveryOtherNameStaysAsItIs) {
  EXPECT_EQ(backend_name("postgres"), "postgresql");
  EXPECT_EQ(backend_name("postgresql"), "postgresql");
  EXPECT_EQ(backend_name("mysql"), "mysql");
  EXPECT_EQ(backend_name("sqlite"), "sqlite");
  EXPECT_EQ(backend_name(""), "");
  EXPECT_EQ(backend_name("bogus"), "bogus");
}

TEST(DatabaseUrl, ParsesAMinimalUrl) {
  const auto url = DatabaseUrl::parse("postgresql://localhost/app");
  EXPECT_EQ(url.user, "");
  EXPECT_FALSE(url.password);
  EXPECT_EQ(url.host, "localhost");
  EXPECT_FALSE(url.port);
  EXPECT_EQ(url.database, "app");
  EXPECT_TRUE(url.params.empty());
}

TEST(DatabaseUrl, ParsesMysqlWithUserAndSocketParameter) {
  const auto url = DatabaseUrl::parse("mysql://root@localhost/app?socket=/run/mysqld/mysqld.sock");
  EXPECT_EQ(url.scheme, "mysql");
  EXPECT_EQ(url.user, "root");
  EXPECT_FALSE(url.password);
  EXPECT_EQ(url.host, "localhost");
  EXPECT_EQ(url.database, "app");
  EXPECT_EQ(url.params.at("socket"), "/run/mysqld/mysqld.sock");
}

TEST(DatabaseUrl, EmptyPasswordIsAPassword) {
  const auto url = DatabaseUrl::parse("mysql://root:@localhost/app");
  EXPECT_EQ(url.user, "root");
  ASSERT_TRUE(url.password);
  EXPECT_EQ(*url.password, "");
}

TEST(DatabaseUrl, ParsesSqliteForms) {
  EXPECT_EQ(DatabaseUrl::parse("sqlite:///abs/path/app.db").database, "/abs/path/app.db");
  EXPECT_EQ(DatabaseUrl::parse("sqlite://relative.db").database, "relative.db");
  EXPECT_EQ(DatabaseUrl::parse("sqlite:relative.db").database, "relative.db");
  EXPECT_EQ(DatabaseUrl::parse("sqlite:/abs/app.db").database, "/abs/app.db");
  const auto memory = DatabaseUrl::parse("sqlite:file:name?mode=memory&cache=shared");
  EXPECT_EQ(memory.scheme, "sqlite");
  EXPECT_EQ(memory.database, "file:name?mode=memory&cache=shared");  // handed to SQLite as it is
  EXPECT_TRUE(memory.params.empty());
  EXPECT_EQ(memory.host, "");
}

TEST(DatabaseUrl, SqliteWithoutFileIsAUsageError) {
  EXPECT_THROW(DatabaseUrl::parse("sqlite:"), UsageError);
  EXPECT_THROW(DatabaseUrl::parse("sqlite://"), UsageError);
}

TEST(DatabaseUrl, PercentDecodesUserPasswordDatabaseAndParams) {
  const auto url = DatabaseUrl::parse("postgresql://us%40er:p%3Ass%2Fw%40rd%25@h/my%20db?opt%3D=a%26b");
  EXPECT_EQ(url.user, "us@er");
  EXPECT_EQ(url.password, "p:ss/w@rd%");
  EXPECT_EQ(url.database, "my db");
  EXPECT_EQ(url.params.at("opt="), "a&b");
}

TEST(DatabaseUrl, LeavesMalformedPercentEscapesAlone) {
  EXPECT_EQ(DatabaseUrl::parse("postgresql://h/a%zz").database, "a%zz");
  EXPECT_EQ(DatabaseUrl::parse("postgresql://h/a%4").database, "a%4");
  EXPECT_EQ(DatabaseUrl::parse("postgresql://h/a%").database, "a%");
  EXPECT_EQ(DatabaseUrl::parse("postgresql://h/a%41").database, "aA");
}

TEST(DatabaseUrl, PasswordMayHoldAnAtSign) {
  const auto url = DatabaseUrl::parse("postgresql://app:p@ss@db/app");
  EXPECT_EQ(url.user, "app");
  EXPECT_EQ(url.password, "p@ss");
  EXPECT_EQ(url.host, "db");
}

TEST(DatabaseUrl, ParsesIpv6Hosts) {
  const auto with_port = DatabaseUrl::parse("postgresql://u:p@[::1]:5433/app");
  EXPECT_EQ(with_port.host, "::1");
  EXPECT_EQ(with_port.port, 5433);
  EXPECT_EQ(with_port.database, "app");
  const auto without_port = DatabaseUrl::parse("postgresql://[fe80::1:2]/app");
  EXPECT_EQ(without_port.host, "fe80::1:2");
  EXPECT_FALSE(without_port.port);
}

TEST(DatabaseUrl, UnclosedIpv6BracketIsAUsageError) {
  EXPECT_THAT(usage_error_of("postgresql://u:pw@[::1/app"), HasSubstr("unclosed"));
}

TEST(DatabaseUrl, AcceptsPortsFrom1To65535) {
  EXPECT_EQ(DatabaseUrl::parse("postgresql://h:1/d").port, 1);
  EXPECT_EQ(DatabaseUrl::parse("postgresql://h:65535/d").port, 65535);
  EXPECT_EQ(DatabaseUrl::parse("postgresql://h:05432/d").port, 5432);
}

TEST(DatabaseUrl, RejectsBadPorts) {
  for (const char* text : {"postgresql://h:0/d", "postgresql://h:65536/d", "postgresql://h:99999/d",
                           "postgresql://h:123456/d", "postgresql://h:-1/d", "postgresql://h:54a/d",
                           "postgresql://h:+5/d", "postgresql://[::1]:x/d",
                           "postgresql://h:99999999999999999999/d"}) {
    EXPECT_THAT(usage_error_of(text), HasSubstr("bad port")) << text;
  }
}

TEST(DatabaseUrl, BadPortMessageHidesThePassword) {
  const std::string message = usage_error_of("postgresql://app:s3cret@h:70000/d");
  EXPECT_THAT(message, Not(HasSubstr("s3cret")));
  EXPECT_THAT(message, HasSubstr("app:***@"));
}

TEST(DatabaseUrl, ParsesParameters) {
  const auto url = DatabaseUrl::parse("postgresql://h/d?a=1&&b=&flag&c=x=y");
  EXPECT_EQ(url.params, (std::map<std::string, std::string>{{"a", "1"}, {"b", ""}, {"c", "x=y"}, {"flag", ""}}));
}

TEST(DatabaseUrl, QueryWithoutDatabase) {
  const auto url = DatabaseUrl::parse("postgresql://h:5432?sslmode=disable");
  EXPECT_EQ(url.host, "h");
  EXPECT_EQ(url.port, 5432);
  EXPECT_EQ(url.database, "");
  EXPECT_EQ(url.params.at("sslmode"), "disable");
}

TEST(DatabaseUrl, RejectsUnknownSchemesAndNonUrls) {
  EXPECT_THAT(usage_error_of("oracle://u:s3cret@h/d"), HasSubstr("unknown database URL scheme 'oracle'"));
  EXPECT_THAT(usage_error_of("oracle://u:s3cret@h/d"), Not(HasSubstr("s3cret")));
  EXPECT_THAT(usage_error_of("just-a-name"), HasSubstr("not a database URL"));
  EXPECT_THAT(usage_error_of(":nothing"), HasSubstr("not a database URL"));
  EXPECT_THAT(usage_error_of(""), HasSubstr("not a database URL"));
  EXPECT_THAT(usage_error_of("postgresql:app"), HasSubstr("postgresql://"));
}

TEST(DatabaseUrl, MaskedHidesThePassword) {
  const auto url = DatabaseUrl::parse("postgresql://app:s3cret@db:5432/shop");
  EXPECT_EQ(url.masked(), "postgresql://app:***@db:5432/shop");
  EXPECT_THAT(url.masked(), Not(HasSubstr("s3cret")));
  EXPECT_EQ(url.str(), "postgresql://app:s3cret@db:5432/shop");
}

TEST(DatabaseUrl, MaskedHidesAnEncodedPasswordToo) {
  const auto url = DatabaseUrl::parse("postgresql://app:p%40ss%3Aword@db/shop");
  EXPECT_THAT(url.masked(), Not(HasSubstr("ss")));
  EXPECT_THAT(url.masked(), HasSubstr("***"));
}

TEST(DatabaseUrl, MaskedWithoutPasswordIsTheUrl) {
  const auto url = DatabaseUrl::parse("mysql://root@localhost/app");
  EXPECT_EQ(url.masked(), "mysql://root@localhost/app");
  EXPECT_EQ(url.masked(), url.str());
}

TEST(DatabaseUrl, StrRoundTrips) {
  for (const char* text : {"postgresql://app:s3cret@db.example.com:6543/shop?application_name=dbtest&sslmode=require",
                           "postgresql://localhost/app", "mysql://root@localhost/app",
                           "postgresql://u:p@[::1]:5433/app", "mysql://root:@localhost/app",
                           "sqlite:/abs/app.db", "sqlite:file:name?mode=memory&cache=shared"}) {
    EXPECT_EQ(DatabaseUrl::parse(text).str(), text);
  }
}

TEST(DatabaseUrl, StrRoundTripsValuesThatNeedEncoding) {
  const auto url = DatabaseUrl::parse("postgresql://us%40er:p%3Ass%2Fw%40rd%25@h/my%20db?opt%3D=a%26b%20c");
  const auto again = DatabaseUrl::parse(url.str());
  EXPECT_EQ(again.user, url.user);
  EXPECT_EQ(again.password, url.password);
  EXPECT_EQ(again.host, url.host);
  EXPECT_EQ(again.database, url.database);
  EXPECT_EQ(again.params, url.params);
  EXPECT_EQ(again.str(), url.str());
}

TEST(DatabaseUrl, StrNormalisesTheScheme) {
  EXPECT_EQ(DatabaseUrl::parse("postgres://h/d").str(), "postgresql://h/d");
  EXPECT_EQ(DatabaseUrl::parse("sqlite:///abs/app.db").str(), "sqlite:/abs/app.db");
}

TEST(MaskPassword, HidesThePasswordInFreeText) {
  EXPECT_EQ(mask_password("cannot connect to postgresql://app:s3cret@db/shop: refused"),
            "cannot connect to postgresql://app:***@db/shop: refused");
  EXPECT_EQ(mask_password("postgres://:s3cret@db/shop"), "postgres://:***@db/shop");
  // parse() reads the password up to the last '@'; so does the mask.
  EXPECT_EQ(mask_password("postgresql://app:p@ss@h:70000/d"), "postgresql://app:***@h:70000/d");
}

TEST(MaskPassword, HidesEveryPasswordOfSeveralUrls) {
  EXPECT_EQ(mask_password("from mysql://a:one@h1/x to postgresql://b:two@h2/y"),
            "from mysql://a:***@h1/x to postgresql://b:***@h2/y");
}

TEST(MaskPassword, LeavesTextWithoutPasswordAlone) {
  for (const char* text : {"postgresql://app@db/shop", "postgresql://db:5432/shop", "no url here: just text",
                           "sqlite:file:x?mode=memory", "user:pass@host without scheme"}) {
    EXPECT_EQ(mask_password(text), text);
  }
}

TEST(MaskPassword, HidesPasswordsWithSlashes) {
  EXPECT_THAT(mask_password("postgresql://app:pa/ss@db/shop"), Not(HasSubstr("pa/ss")));
}

}  // namespace
}  // namespace dbtest::unit
