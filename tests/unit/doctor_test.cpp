// `lasis doctor` against a simulated branch: healthy, every check OK and exit 0; broken (ILS down,
// reader unplugged, a damaged database, the gate's I/O module at a wrong address), each fault
// named with what to do and exit 1.
#include "tests/support/childprocess.h"
#include "tests/support/shellrun.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

using namespace lasis::test;

namespace {

struct Run {
  int status = -1;
  std::string out;
};

Run doctor(const std::string& config, bool json = false) {
  std::vector<std::string> argv{std::string(LASIS_BIN_DIR) + "/lasis", "doctor", "--config", config};
  if (json) argv.push_back("--json");
  ChildProcess p(argv);
  Run r;
  while (auto line = p.readLine(std::chrono::milliseconds(30000))) r.out += *line + "\n";
  r.status = p.wait(std::chrono::milliseconds(30000)).value_or(-1);
  return r;
}

std::filesystem::path dir() {
  auto d = std::filesystem::temp_directory_path() / ("lasis-doctor-" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

} // namespace

TEST(Doctor, AHealthyKioskIsAllOk) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  SimDevice pad({simBinary(), "reader", "--tag", "ntag213:04000000000001:10000001"});
  ASSERT_TRUE(ils.ok() && pad.ok());
  const auto d = dir();
  write(d / "kiosk.toml", "[reader]\nurl = \"" + pad.field("connstring") + "\"\n[ils]\nurl = \"" + ils.field("url") +
                              "\"\n[queue]\ndb = \"" + (d / "ok.db").string() + "\"\n");
  auto r = doctor((d / "kiosk.toml").string());
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("OK    reader"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 tag(s)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OK    ils        online"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("FAIL"), std::string::npos) << r.out;
  auto j = nlohmann::json::parse(doctor((d / "kiosk.toml").string(), true).out, nullptr, false);
  ASSERT_TRUE(j.is_array());
  EXPECT_EQ(j[0]["check"], "config");
}

TEST(Doctor, ABrokenKioskNamesEachFaultAndWhatToDo) {
  SimDevice ils({simBinary(), "ils", "--port", "0"});
  ASSERT_TRUE(ils.ok());
  ils.call({{"cmd", "down"}});
  const auto d = dir();
  write(d / "damaged.db", "this is not a database, it was overwritten");
  write(d / "broken.toml", "[reader]\nurl = \"pn532_uart:/dev/lasis/reader-unplugged\"\n[ils]\nurl = \"" +
                               ils.field("url") + "\"\n[queue]\ndb = \"" + (d / "damaged.db").string() + "\"\n");
  auto r = doctor((d / "broken.toml").string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("FAIL  reader"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("dialout"), std::string::npos) << "the advice names what to check";
  EXPECT_NE(r.out.find("FAIL  ils        not answering"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL  queue"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("restore it from backup"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("kiosk-pass"), std::string::npos) << "the ILS password is never printed";
}

// Issue 26: libnfc's own lines ("error libnfc.driver.pn532_uart Invalid serial port") never
// reach the technician's terminal or the journal raw; what they said is in our line instead.
TEST(Doctor, AMissingReaderIsExplainedByUsNotByLibnfc) {
  const auto d = dir();
  write(d / "quiet-reader.toml", "[reader]\nurl = \"pn532_uart:/dev/lasis/reader-unplugged\"\n[ils]\nurl = "
                             "\"sip2://k:p@127.0.0.1:1?institution=X&timeout_ms=200\"\n[queue]\ndb = \"" +
                                 (d / "quiet-reader.db").string() + "\"\n");
  auto r = lasis::test::runShell("env -u LIBNFC_LOG_LEVEL timeout 60 " + std::string(LASIS_BIN_DIR) +
                                 "/lasis doctor --config " + (d / "quiet-reader.toml").string() + " 2>&1");
  EXPECT_EQ(r.rc, 1) << r.out;
  EXPECT_EQ(r.out.find("libnfc.driver"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("Invalid serial port"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no such device /dev/lasis/reader-unplugged"), std::string::npos) << r.out;
}

TEST(Doctor, ABadConfigIsNamedByLine) {
  const auto d = dir();
  write(d / "typo.toml", "[ils]\nurl = \"sip2://a:b@127.0.0.1:9\"\n[queue]\ndb = \"x.db\"\n[circulaton]\nsession_timeout = 5\n");
  auto r = doctor((d / "typo.toml").string());
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("FAIL  config"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("typo.toml:5"), std::string::npos) << r.out;
}

TEST(Doctor, AGateWithItsIoModuleAtTheWrongAddress) {
  SimDevice io({simBinary(), "gate-io", "--port", "0"});
  SimDevice antenna({simBinary(), "reader"});
  ASSERT_TRUE(io.ok() && antenna.ok());
  const auto d = dir();
  const std::string common = "[readers]\nconnstrings = [\"" + antenna.field("connstring") +
                             "\"]\n[status]\nlisten = \"\"\n[log]\ndb = \"" + (d / "gate.db").string() + "\"\n";
  write(d / "gate.toml", "[gate]\n" + common + "[io]\nurl = \"" + io.field("url") + "\"\n");
  auto ok = doctor((d / "gate.toml").string());
  EXPECT_EQ(ok.status, 0) << ok.out;
  EXPECT_NE(ok.out.find("OK    io-module"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("OK    antenna 1"), std::string::npos) << ok.out;
  write(d / "wrong.toml", "[gate]\n" + common + "[io]\nurl = \"modbus-tcp://127.0.0.1:9\"\n");
  auto bad = doctor((d / "wrong.toml").string());
  EXPECT_EQ(bad.status, 1) << bad.out;
  EXPECT_NE(bad.out.find("FAIL  io-module"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("RS-485"), std::string::npos) << bad.out;
}

namespace {
/// `lasis doctor` with no --config, looking in `configDir` ($LASIS_CONFIG_DIR).
struct DirRun {
  int status = -1;
  std::string out, err;
};
DirRun doctorIn(const std::filesystem::path& configDir, bool json = false) {
  std::vector<std::string> argv{std::string(LASIS_BIN_DIR) + "/lasis", "doctor"};
  if (json) argv.push_back("--json");
  ChildProcess p(argv, {"LASIS_CONFIG_DIR=" + configDir.string()});
  DirRun r;
  while (auto line = p.readLine(std::chrono::milliseconds(30000))) r.out += *line + "\n";
  r.status = p.wait(std::chrono::milliseconds(30000)).value_or(-1);
  r.err = p.stderrText();
  return r;
}
} // namespace

// Issue 26: `lasis doctor` alone checks every config of the machine (/etc/lasis/*.toml; here
// $LASIS_CONFIG_DIR), each by its kind, and says which build checked, on which host, when.
TEST(Doctor, WithoutConfigChecksEveryTomlInTheConfigDir) {
  const auto d = dir() / "etc-lasis";
  std::filesystem::create_directories(d / "kiosk.d");  // a directory, even named *.toml, is not a config
  std::filesystem::create_directories(d / "old.toml");
  write(d / "kiosk.toml", "[ils]\nurl = \"sip2://a:b@127.0.0.1:9\"\n[queue]\ndb = \"x.db\"\n[circulaton]\nsession_timeout = 5\n");
  write(d / "gate.toml", "[gate]\n[readers]\nconnstrings = [\"pn532_uart:/dev/lasis/reader-unplugged\"]\n[status]\nlisten = \"\"\n[log]\ndb = \"" +
                             (d / "gate.db").string() + "\"\n");
  write(d / "staff-pin", "not a config");
  auto r = doctorIn(d);
  EXPECT_EQ(r.status, 1) << r.out << r.err;  // the kiosk file's typo FAILs
  EXPECT_NE(r.out.find("kiosk.toml:5"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("OK    config     " + (d / "gate.toml").string()), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FAIL  antenna 1"), std::string::npos) << "the gate file is checked as a gate: " << r.out;
  EXPECT_NE(r.out.find("OK    version    lasis "), std::string::npos) << r.out;

  auto j = nlohmann::json::parse(doctorIn(d, true).out, nullptr, false);
  ASSERT_TRUE(j.is_array() && !j.empty());
  std::set<std::string> configs;
  for (const auto& row : j)
    if (row.contains("config")) configs.insert(row["config"].get<std::string>());
  EXPECT_EQ(configs, (std::set<std::string>{(d / "gate.toml").string(), (d / "kiosk.toml").string()}));
  const auto& about = j.back();
  EXPECT_EQ(about["check"], "version");
  EXPECT_FALSE(about["version"].get<std::string>().empty());
  EXPECT_FALSE(about["commit"].get<std::string>().empty());
  EXPECT_FALSE(about["host"].get<std::string>().empty());
  EXPECT_EQ(about["time"].get<std::string>().size(), 20u) << about.dump();  // 2026-12-05T23:55:00Z
}

TEST(Doctor, WithNoConfigAnywhereSaysWhereItLookedAndExits2) {
  const auto d = dir() / "empty-etc";
  std::filesystem::create_directories(d);
  auto r = doctorIn(d);
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("no *.toml in " + d.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--config"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("is required"), std::string::npos) << r.err;
}
