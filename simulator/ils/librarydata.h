#pragma once
// The simulated ILS's seed data as read from simulator/data/library.toml: library settings,
// loan rules, SIP accounts, start-up faults, branches, patrons, items and the circulation state
// at start. A person edits that file; every mistake in it is reported as file:line.

#include "common/core/result.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace lasis::sim::ils {

/// Loan period, renewals and fines for one media type.
struct LoanRule {
  std::string media;
  int loanDays = 21;
  int maxRenewals = 3;
  std::int64_t finePerDayCents = 10;
  std::string sipMediaType = "001";  ///< SIP2 CK
  bool magnetic = false;
};

/// A login a kiosk may use (SIP2 93 CN/CO) and the branch it stands in.
struct SipUser {
  std::string user;
  std::string password;
  std::string location;
};

/// Faults active from the start (the control interface changes them later).
struct FaultSeed {
  int latencyMs = 0;
  int idleTimeoutS = 0;
  bool refuseLogins = false;
  std::vector<std::string> dropItems;
  std::vector<std::string> corruptItems;
};

struct BranchSeed {
  std::string code, name, localName;
};

struct PatronSeed {
  std::string id, pin, name, branch, language, email, blocked;
  /// A member library's patron in a regional network: known only at this institution (SIP2 AO).
  /// Empty: the library's own (any institution finds them).
  std::string institution;
  bool cardLost = false;
  int maxLoans = 0;  ///< 0: the library's limit
};

struct ItemSeed {
  std::string id, title, author, branch, media, language;
  bool loanable = true;
  int parts = 1;
  std::string status = "available";  ///< or missing / lost / in_process
};

struct FineSeed {
  std::string patron, description;
  std::int64_t cents = 0;
};

struct LoanSeed {
  std::string item, patron;
  int dueDays = 21;
};

struct HoldSeed {
  std::string item, patron, pickup;
  bool waiting = false;
};

/// Everything in a library data file, validated (ids unique, references resolved).
struct LibraryData {
  std::string institution = "LASIS";
  std::string name = "Lasis Demo Library Network";
  std::string currency = "EUR";
  int maxLoans = 30;
  std::int64_t maxFinesCents = 1000;
  int maxOverdue = 5;
  int maxHolds = 10;
  int holdShelfDays = 7;
  int holdExpiryDays = 180;
  std::vector<LoanRule> loanRules;
  std::vector<SipUser> sipUsers;
  FaultSeed faults;
  std::vector<BranchSeed> branches;
  std::vector<PatronSeed> patrons;
  std::vector<ItemSeed> items;
  std::vector<FineSeed> fines;
  std::vector<LoanSeed> loans;
  std::vector<HoldSeed> holds;

  /// Reads and validates a data file; all problems at once, each as file:line: what.
  static Result<LibraryData> load(const std::filesystem::path& file);
  static Result<LibraryData> parse(std::string_view text, std::string source);
};

} // namespace lasis::sim::ils
