// Fuzz: the simulated ILS's side — request bytes through the Framer and Codec into the
// SipResponder over a real SQLite IlsStore, and its reply encoded. The simulator stands in for
// the library system in every test, so a request it cannot survive hides client bugs.
#include "common/core/clock.h"
#include "common/core/log.h"
#include "common/sip2/codec.h"
#include "common/sip2/framer.h"
#include "simulator/ils/ilsstore.h"
#include "simulator/ils/librarydata.h"
#include "simulator/ils/sipresponder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string_view>
#include <unistd.h>

using namespace lasis;
using namespace lasis::sim::ils;

namespace {

struct World {
  ManualClock clock;
  std::filesystem::path db;
  std::unique_ptr<IlsStore> store;
  std::unique_ptr<SipResponder> responder;
  sip2::Codec codec{*sip2::Profile::builtin("koha")};
  World() {
    auto data = LibraryData::load(LASIS_SIM_DATA_DIR "/library.toml");
    if (!data) std::abort();
    db = std::filesystem::temp_directory_path() / ("lasis-fuzz-ils-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(db);
    auto s = IlsStore::open(db, std::move(*data), clock);
    if (!s) std::abort();
    store = std::move(*s);
    responder = std::make_unique<SipResponder>(*store, codec.profile(), nullLogger());
  }
  ~World() {
    responder.reset();
    store.reset();
    std::filesystem::remove(db);
    std::filesystem::remove(db.string() + "-wal");
    std::filesystem::remove(db.string() + "-shm");
  }
};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static World w;
  sip2::Framer framer;
  if (!framer.feed(std::string_view(reinterpret_cast<const char*>(data), size))) return 0;
  SipSessionState session;
  // The first byte picks whether the connection logged in: both paths must hold.
  session.loggedIn = size > 0 && (data[0] & 1);
  while (framer.hasFrame()) {
    auto msg = w.codec.parse(framer.next());
    if (!msg) continue;
    auto reply = w.responder->answer(*msg, session, false);
    if (reply) (void)w.codec.encode(*reply, 0);
  }
  return 0;
}
