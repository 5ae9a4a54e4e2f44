#pragma once
// The gate's remote I/O module (DESIGN.md §6): coils 0 alarm light, 1 buzzer, 2 system-OK lamp;
// discrete inputs 0 beam A, 1 beam B, 2 tamper, 3 antenna fault. A worker thread owns the
// libmodbus connection: it writes the wanted coils as soon as they change (an alarm wakes it at
// once, it does not wait for the next poll), samples the inputs every poll period, and when the
// module is gone reports a fault and reconnects with exponential back-off.

#include "common/core/log.h"
#include "common/core/result.h"
#include "drivers/modbus/modbusurl.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace lasis::modbus {

/// What the module's inputs say.
struct IoInputs {
  bool beamA = false;
  bool beamB = false;
  bool tamper = false;
  bool antennaFault = false;
  friend bool operator==(const IoInputs&, const IoInputs&) = default;
};

/// What the module's outputs should be.
struct IoOutputs {
  bool light = false;
  bool buzzer = false;
  bool systemOk = false;
  friend bool operator==(const IoOutputs&, const IoOutputs&) = default;
};

/// A Modbus I/O module driven from a worker thread.
class IoModule {
public:
  struct Options {
    ModbusUrl url;
    std::chrono::milliseconds poll{20};
    std::chrono::milliseconds timeout{500};
    std::chrono::milliseconds backoffMin{100};
    std::chrono::milliseconds backoffMax{5000};
  };
  /// Called on the worker thread: post to your own loop, do not block.
  struct Callbacks {
    std::function<void(const IoInputs&)> inputs;            ///< every sample (cheap to compare)
    std::function<void(const Error&)> fault;                ///< the module became unreachable
    std::function<void()> recovered;                        ///< connected (again)
    std::function<void(const IoOutputs&)> outputsWritten;   ///< coils confirmed by the module
  };

  IoModule(Options options, Callbacks callbacks, Logger log);
  ~IoModule();
  IoModule(const IoModule&) = delete;
  IoModule& operator=(const IoModule&) = delete;

  /// Sets the wanted coils; thread-safe; the worker writes them at once.
  void setOutputs(const IoOutputs& outputs);
  /// Stops the worker after the write in flight (idempotent; the destructor calls it).
  void stop();
  bool connected() const;

private:
  void run();

  Options m_options;
  Callbacks m_callbacks;
  Logger m_log;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  IoOutputs m_wanted;
  bool m_dirty = true;
  bool m_stop = false;
  bool m_connected = false;
  std::thread m_thread;
};

} // namespace lasis::modbus
