// The parts of the MySQL copy that need no server: rewriting a SHOW CREATE
// statement for the copy, putting a copied sequence where the template's
// stands, and comparing a copy's contents with the template's.
#include <gtest/gtest.h>

#include "backends/mysql/mysql_catalog.hpp"
#include "backends/mysql/mysql_copy.hpp"

namespace dbtest {
namespace {

using backends::mysql::compare_inventories;
using backends::mysql::Inventory;
using backends::mysql::retarget;
using backends::mysql::sequence_position;
using backends::mysql::SequenceDefinition;

TEST(MysqlRetarget, DropsTheDefinerOfAView) {
  EXPECT_EQ(retarget("CREATE ALGORITHM=UNDEFINED DEFINER=`dbtest`@`127.0.0.1` SQL SECURITY DEFINER VIEW `v` AS "
                     "select 1 AS `1`",
                     "tmpl", "copy"),
            "CREATE ALGORITHM=UNDEFINED SQL SECURITY DEFINER VIEW `v` AS select 1 AS `1`");
}

TEST(MysqlRetarget, DropsTheDefinerOfATriggerWithQuotesInTheName) {
  EXPECT_EQ(retarget("CREATE DEFINER=`o``brien`@`%` TRIGGER t AFTER INSERT ON x FOR EACH ROW SET @a = 1", "a", "b"),
            "CREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW SET @a = 1");
}

TEST(MysqlRetarget, DropsAQuotedStringDefiner) {
  EXPECT_EQ(retarget("CREATE DEFINER='app'@'localhost' PROCEDURE p() SELECT 1", "a", "b"),
            "CREATE PROCEDURE p() SELECT 1");
}

TEST(MysqlRetarget, DropsTheDoubleQuotedDefinerOfAPackageMadeUnderOracleMode) {
  EXPECT_EQ(retarget("CREATE DEFINER=\"dbtest\"@\"127.0.0.1\" PACKAGE BODY \"tickets_api\" AS x INT := 0; END", "a", "b"),
            "CREATE PACKAGE BODY \"tickets_api\" AS x INT := 0; END");
}

TEST(MysqlRetarget, PointsASequenceInAColumnDefaultAtTheCopy) {
  EXPECT_EQ(retarget("CREATE TABLE `t` (\n  `id` bigint(20) DEFAULT nextval(`tmpl`.`numbers`)\n)", "tmpl", "copy_2"),
            "CREATE TABLE `t` (\n  `id` bigint(20) DEFAULT nextval(`copy_2`.`numbers`)\n)");
}

TEST(MysqlRetarget, LeavesSqlSecurityDefinerAlone) {
  const std::string sql = "CREATE SQL SECURITY DEFINER VIEW `v` AS select 1 AS `x`";
  EXPECT_EQ(retarget(sql, "a", "b"), sql);
}

TEST(MysqlRetarget, PointsReferencesToTheTemplateAtTheCopy) {
  EXPECT_EQ(retarget("CREATE VIEW `v` AS select `tmpl`.`t`.`id` AS `id` from `tmpl`.`t`", "tmpl", "copy_1"),
            "CREATE VIEW `v` AS select `copy_1`.`t`.`id` AS `id` from `copy_1`.`t`");
}

TEST(MysqlRetarget, LeavesOtherDatabasesAlone) {
  const std::string sql = "CREATE VIEW `v` AS select `x`.`id` AS `id` from `tmpl2`.`t` `x`";
  EXPECT_EQ(retarget(sql, "tmpl", "copy"), sql);
}

TEST(MysqlCopy, RestartsASequenceAtTheTemplatesNextValue) {
  // Also behind its start: SETVAL would not move it back there.
  EXPECT_EQ(sequence_position(SequenceDefinition{"count`down", "CREATE SEQUENCE ...", "8", false}),
            std::vector<std::string>{"ALTER SEQUENCE `count``down` RESTART WITH 8"});
}

TEST(MysqlCopy, TakesTheLastValueOfASequenceThatRanOutInTheTemplate) {
  EXPECT_EQ(sequence_position(SequenceDefinition{"two_only", "CREATE SEQUENCE ...", "2", true}),
            (std::vector<std::string>{"ALTER SEQUENCE `two_only` RESTART WITH 2", "DO NEXTVAL(`two_only`)"}));
}

Inventory sample() {
  Inventory inventory;
  inventory.table_rows = {{"orders", 2}, {"customers", 3}};
  inventory.sequences = {"ticket_numbers"};
  inventory.views = {"order_totals"};
  inventory.routines = {"FUNCTION with_tax", "PACKAGE BODY tickets_api", "PACKAGE tickets_api",
                        "PROCEDURE add_customer"};
  inventory.triggers = {"orders_audit"};
  inventory.events = {"nightly"};
  return inventory;
}

TEST(MysqlInventory, EqualContentsMatch) { EXPECT_EQ(compare_inventories(sample(), sample()), ""); }

TEST(MysqlInventory, NamesAMissingTableAndAnExtraOne) {
  auto copy = sample();
  copy.table_rows.erase("orders");
  copy.table_rows["stray"] = 0;
  EXPECT_EQ(compare_inventories(sample(), copy), "tables missing: orders; tables not in the template: stray");
}

TEST(MysqlInventory, NamesATableWithOtherRowCounts) {
  auto copy = sample();
  copy.table_rows["customers"] = 1;
  EXPECT_EQ(compare_inventories(sample(), copy), "table customers has 1 rows, the template 3");
}

TEST(MysqlInventory, NamesAMissingSequence) {
  auto copy = sample();
  copy.sequences.clear();
  EXPECT_EQ(compare_inventories(sample(), copy), "sequences missing: ticket_numbers");
}

TEST(MysqlInventory, NamesASequenceTheTemplateDoesNotHave) {
  auto copy = sample();
  copy.sequences.insert("stray_numbers");
  EXPECT_EQ(compare_inventories(sample(), copy), "sequences not in the template: stray_numbers");
}

TEST(MysqlInventory, NamesAMissingPackageBody) {
  auto copy = sample();
  copy.routines.erase("PACKAGE BODY tickets_api");
  EXPECT_EQ(compare_inventories(sample(), copy), "routines missing: PACKAGE BODY tickets_api");
}

TEST(MysqlInventory, NamesEveryMissingObjectKind) {
  Inventory copy;
  copy.table_rows = sample().table_rows;
  EXPECT_EQ(compare_inventories(sample(), copy),
            "sequences missing: ticket_numbers; views missing: order_totals; routines missing: FUNCTION with_tax, "
            "PACKAGE BODY tickets_api, PACKAGE tickets_api, PROCEDURE add_customer; "
            "triggers missing: orders_audit; events missing: nightly");
}

}  // namespace
}  // namespace dbtest
