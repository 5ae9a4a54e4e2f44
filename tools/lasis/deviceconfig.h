#pragma once
// Where `lasis queue|sip2|gate` find what they would otherwise be told by hand (--db, --ils,
// --modbus): the device's own config, named with --config or found where `lasis doctor` looks
// (every *.toml in /etc/lasis/, or in $LASIS_CONFIG_DIR). One place decides which file that is,
// so every command says the same thing about it.

#include "common/core/config.h"
#include "common/core/result.h"
#include "common/gate/gateconfig.h"
#include "common/scan/cardrules.h"

#include <string>
#include <vector>

namespace lasis::cli {

/// The directory `lasis doctor` and these commands search: $LASIS_CONFIG_DIR, else /etc/lasis.
std::string configDir();

/// Every *.toml directly in `dir`, sorted.
std::vector<std::string> configsIn(const std::string& dir);

/// "gate" when the file has a gate's sections ([gate], [readers], [io]), "kiosk" otherwise.
std::string guessKind(const std::string& path);

/// The config a command reads: `explicitPath` when given (it must exist), else the one config of
/// `kind` ("kiosk" or "gate") in configDir() — `kind`.toml when there are several; "gate|kiosk":
/// a gate config, else a kiosk config. The error names the directory searched and what to do.
Result<std::string> findConfig(const std::string& explicitPath, const std::string& kind);

/// A kiosk config's queue.db. Errc::config when the key is absent.
Result<std::string> kioskQueueDb(const std::string& configPath);
/// A kiosk config's ils.url (its password_file is read when the URL is parsed, as the kiosk does).
Result<std::string> kioskIlsUrl(const std::string& configPath);
/// A kiosk config's regional network card rules ([network], [[network.cards]]): whose card a patron
/// id is, and so the institution (SIP2 AO) its messages go to. Empty rules when the config has none.
/// The rules are read as the kiosk reads them; the kiosk's --check-config is what validates them.
Result<scan::CardRules> kioskCardRules(const std::string& configPath);
/// A kiosk config's reader.url (the pad's reader); Errc::config when absent or "none".
Result<std::string> kioskReaderUrl(const std::string& configPath);
/// A kiosk config's first barcode scanner (scanner.devices); Errc::config when it lists none.
Result<std::string> kioskScannerUrl(const std::string& configPath);
/// What a kiosk config's [tags] section says item tags carry: the owner ISIL and the data model
/// ("iso28560-3" or "iso28560-2"), each empty when the key is absent. The kiosk validates them.
struct TagSettings {
  std::string owner;
  std::string model;
};
Result<TagSettings> kioskTagSettings(const std::string& configPath);
/// Where a gate's status server answers: a gate config's [status] listen (0.0.0.0 → 127.0.0.1),
/// or a kiosk config's staff.gate_status.
Result<std::string> gateStatusAddress(const std::string& configPath);
/// A gate config read as lasis-gate reads it: [fleet] too, so a gate on the network's broker is
/// not refused for an "unknown option" (its fleet settings are checked by the gate and doctor).
Result<gate::GateConfig> readGateConfig(ConfigDoc& doc);
/// A gate config's event database ([log] db, loaded by loadGateConfig).
Result<std::string> gateEventDb(const std::string& configPath);

/// Fills `value` from the config when the command line left it empty, saying on stderr which file
/// gave it (stdout stays the command's own output). `key` names the value in messages ("queue.db");
/// `flag` the option that would have given it ("--db"). Returns false, with a message on stderr
/// naming what is missing, when neither gave one.
bool fromConfig(std::string& value, const std::string& explicitConfig, const std::string& kind, const char* command,
                const char* key, const char* flag, Result<std::string> (*read)(const std::string&));

} // namespace lasis::cli
