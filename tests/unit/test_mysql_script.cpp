// Cutting a MySQL migration file into statements as the `mysql` client does.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/errors.hpp"
#include "backends/mysql/mysql_script.hpp"

namespace dbtest::unit {
namespace {

using backends::mysql::ScriptStatement;
using backends::mysql::split_script;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> sqls(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& s : split_script(text)) out.push_back(s.sql);
  return out;
}

std::vector<int> lines(const std::string& text) {
  std::vector<int> out;
  for (const auto& s : split_script(text)) out.push_back(s.line);
  return out;
}

// The message of the UsageError split_script throws, or a test failure.
std::string usage_error_of(const std::string& text) {
  try {
    split_script(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  ADD_FAILURE() << "split without error: " << text;
  return {};
}

TEST(MysqlScript, SplitsStatementsAtSemicolons) {
  EXPECT_THAT(sqls("CREATE TABLE t (id INT);\n  INSERT INTO t VALUES (1) ;SELECT 1;\n"),
              ElementsAre("CREATE TABLE t (id INT)", "INSERT INTO t VALUES (1)", "SELECT 1"));
}

TEST(MysqlScript, EmptyTextHasNoStatements) {
  EXPECT_THAT(split_script(""), IsEmpty());
  EXPECT_THAT(split_script(" \n\t\n"), IsEmpty());
  EXPECT_THAT(split_script(";;\n;"), IsEmpty());
}

TEST(MysqlScript, AcceptsLastStatementWithoutDelimiter) {
  EXPECT_THAT(sqls("SELECT 1;\nSELECT 2\n\n"), ElementsAre("SELECT 1", "SELECT 2"));
  EXPECT_THAT(sqls("SELECT 1"), ElementsAre("SELECT 1"));
}

TEST(MysqlScript, KeepsSemicolonsInsideStrings) {
  EXPECT_THAT(sqls("INSERT INTO t VALUES ('a;b', \"c;d\");SELECT 2;"),
              ElementsAre("INSERT INTO t VALUES ('a;b', \"c;d\")", "SELECT 2"));
}

TEST(MysqlScript, KeepsEscapedAndDoubledQuotesInsideStrings) {
  const std::string insert = R"(INSERT INTO t VALUES ('it\'s;', 'it''s;', "say \"hi\";", 'back\\', '')";
  EXPECT_THAT(sqls(insert + ";\nSELECT 2;"), ElementsAre(insert, "SELECT 2"));
}

TEST(MysqlScript, KeepsSemicolonsInsideBacktickIdentifiers) {
  EXPECT_THAT(sqls("CREATE TABLE `a;b` (`x``;y` INT);\nSELECT 1;"),
              ElementsAre("CREATE TABLE `a;b` (`x``;y` INT)", "SELECT 1"));
}

TEST(MysqlScript, TakesBackslashLiterallyInBacktickIdentifiers) {
  EXPECT_THAT(sqls("SELECT 1 AS `a\\`;\nSELECT 2;"), ElementsAre("SELECT 1 AS `a\\`", "SELECT 2"));
}

TEST(MysqlScript, ReportsLineOfEachStatement) {
  const std::string text =
      "-- orders\n"                // 1
      "\n"                         // 2
      "CREATE TABLE orders (\n"    // 3
      "  id INT\n"                 // 4
      "); /* next */\n"            // 5
      "/* a comment\n"             // 6
      "   over lines */\n"         // 7
      "  INSERT INTO orders\n"     // 8
      "VALUES (1); SELECT 'a\n"    // 9
      "b';\n";                     // 10
  EXPECT_THAT(lines(text), ElementsAre(3, 8, 9));
  EXPECT_THAT(sqls(text), ElementsAre("CREATE TABLE orders (\n  id INT\n)", "INSERT INTO orders\nVALUES (1)",
                                      "SELECT 'a\nb'"));
}

TEST(MysqlScript, DropsCommentOnlyStatements) {
  EXPECT_THAT(sqls("-- one\n;\n/* two */;\n# three\n;\n-- trailing"), IsEmpty());
  EXPECT_THAT(sqls("/* plain */ SELECT 1;\n-- done\n"), ElementsAre("SELECT 1"));
}

TEST(MysqlScript, IgnoresDelimitersAndQuotesInsideComments) {
  EXPECT_THAT(sqls("SELECT 1, -- it's; fine\n  2;\n/* ; ' */ SELECT 3; # don't;\nSELECT 4 /* ` */;"),
              ElementsAre("SELECT 1, -- it's; fine\n  2", "SELECT 3", "SELECT 4 /* ` */"));
}

TEST(MysqlScript, KeepsExecutableComments) {
  EXPECT_THAT(sqls("/*!40101 SET NAMES utf8mb4 */;\n/*M!100100 SET @x = ';' */;\nSELECT /*!50000 1 */;"),
              ElementsAre("/*!40101 SET NAMES utf8mb4 */", "/*M!100100 SET @x = ';' */", "SELECT /*!50000 1 */"));
}

TEST(MysqlScript, TreatsDoubleDashWithoutSpaceAsText) {
  EXPECT_THAT(sqls("SELECT 1--1;\nSELECT 2 --\n;"), ElementsAre("SELECT 1--1", "SELECT 2 --"));
}

TEST(MysqlScript, DropsDoubleDashLinesBeforeAStatementAsTheClientDoes) {
  const auto statements = split_script("--no space\nSELECT 1;");
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql, "SELECT 1");
  EXPECT_EQ(statements[0].line, 2);
}

TEST(MysqlScript, HonoursDelimiterBlocksForTriggers) {
  const std::string trigger =
      "CREATE TRIGGER orders_bi BEFORE INSERT ON orders FOR EACH ROW\n"
      "BEGIN\n"
      "  SET NEW.total = NEW.qty * NEW.price;\n"
      "  SET NEW.created = NOW();\n"
      "END";
  const std::string text = "DELIMITER $$\n" + trigger + "$$\nDELIMITER ;\n";
  EXPECT_THAT(sqls(text), ElementsAre(trigger));
  EXPECT_THAT(lines(text), ElementsAre(2));
}

TEST(MysqlScript, ReturnsToSemicolonAfterAProcedureBlock) {
  const std::string text =
      "CREATE TABLE t (id INT);\n"  // 1
      "DELIMITER //\n"              // 2
      "CREATE PROCEDURE fill()\n"   // 3
      "BEGIN\n"
      "  INSERT INTO t VALUES (1);\n"
      "  INSERT INTO t VALUES (2);\n"
      "END //\n"                    // 7
      "SELECT 'a;b' //\n"           // 8
      "DELIMITER ;\n"               // 9
      "CALL fill();\n"              // 10
      "SELECT COUNT(*) FROM t;\n";  // 11
  const std::string procedure =
      "CREATE PROCEDURE fill()\nBEGIN\n  INSERT INTO t VALUES (1);\n  INSERT INTO t VALUES (2);\nEND";
  EXPECT_THAT(sqls(text), ElementsAre("CREATE TABLE t (id INT)", procedure, "SELECT 'a;b'", "CALL fill()",
                                      "SELECT COUNT(*) FROM t"));
  EXPECT_THAT(lines(text), ElementsAre(1, 3, 8, 10, 11));
}

TEST(MysqlScript, ReadsDelimiterCommandInAnyCaseWithMultiCharacterDelimiters) {
  EXPECT_THAT(sqls("  delimiter ;; -- mysqldump style\nSELECT 1;;\nSELECT 2; SELECT 3;;\nDelimiter ;\nSELECT 4;"),
              ElementsAre("SELECT 1", "SELECT 2; SELECT 3", "SELECT 4"));
}

TEST(MysqlScript, ReadsDelimiterOnlyAtTheStartOfAStatement) {
  EXPECT_THAT(sqls("SELECT 'x'\nDELIMITER $$\n;\nSELECT delimiter FROM t;"),
              ElementsAre("SELECT 'x'\nDELIMITER $$", "SELECT delimiter FROM t"));
  EXPECT_THAT(sqls("DELIMITERS;"), ElementsAre("DELIMITERS"));
}

TEST(MysqlScript, RejectsDelimiterCommandWithoutADelimiter) {
  EXPECT_EQ(usage_error_of("SELECT 1;\nDELIMITER   \nSELECT 2;"), "DELIMITER without a delimiter at line 2");
}

TEST(MysqlScript, HandlesCrLf) {
  const std::string text =
      "SELECT 1;\r\n"
      "-- comment\r\n"
      "DELIMITER $$\r\n"
      "CREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT 2;\r\nEND$$\r\n"
      "DELIMITER ;\r\n"
      "SELECT 3 -- last\r\n"
      ";\r\n";
  EXPECT_THAT(sqls(text), ElementsAre("SELECT 1", "CREATE PROCEDURE p()\r\nBEGIN\r\n  SELECT 2;\r\nEND",
                                      "SELECT 3 -- last"));
  EXPECT_THAT(lines(text), ElementsAre(1, 4, 9));
}

TEST(MysqlScript, SkipsAByteOrderMark) {
  EXPECT_THAT(sqls("\xEF\xBB\xBF" "DELIMITER $$\nSELECT 1$$"), ElementsAre("SELECT 1"));
}

TEST(MysqlScript, ReportsUnterminatedStringWithItsLine) {
  EXPECT_EQ(usage_error_of("SELECT 1;\n\nSELECT 'abc;\nSELECT 2;\n"), "unterminated string starting at line 3");
  EXPECT_EQ(usage_error_of("SELECT \"it''s\\\";"), "unterminated string starting at line 1");
}

TEST(MysqlScript, ReportsUnterminatedIdentifierAndCommentWithTheirLines) {
  EXPECT_EQ(usage_error_of("SELECT 1;\nSELECT `a;\n"), "unterminated quoted identifier starting at line 2");
  EXPECT_EQ(usage_error_of("SELECT 1;\n\n\n/* a\n;\n"), "unterminated comment starting at line 4");
}

}  // namespace
}  // namespace dbtest::unit
