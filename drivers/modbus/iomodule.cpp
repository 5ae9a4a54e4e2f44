#include "drivers/modbus/iomodule.h"

#include "drivers/modbus/modbusconnection.h"

#include <optional>

namespace lasis::modbus {

IoModule::IoModule(Options options, Callbacks callbacks, Logger log)
    : m_options(std::move(options)), m_callbacks(std::move(callbacks)), m_log(std::move(log)) {
  m_thread = std::thread([this] { run(); });
}

IoModule::~IoModule() { stop(); }

void IoModule::setOutputs(const IoOutputs& outputs) {
  {
    std::lock_guard lock(m_mutex);
    if (outputs == m_wanted && !m_dirty) return;
    m_wanted = outputs;
    m_dirty = true;
  }
  m_wake.notify_one();
}

void IoModule::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_one();
  if (m_thread.joinable()) m_thread.join();
}

bool IoModule::connected() const {
  std::lock_guard lock(m_mutex);
  return m_connected;
}

void IoModule::run() {
  std::optional<ModbusConnection> conn;
  auto backoff = m_options.backoffMin;
  bool faultReported = false;
  std::optional<IoInputs> lastInputs;

  auto lost = [&](const Error& e) {
    conn.reset();
    {
      std::lock_guard lock(m_mutex);
      m_connected = false;
      m_dirty = true;  // rewrite every coil after reconnecting: the module may have restarted
    }
    lastInputs.reset();
    if (!faultReported) {
      faultReported = true;
      m_log->error("I/O module {}: {}", m_options.url.text(), e.describe());
      if (m_callbacks.fault) m_callbacks.fault(e);
    }
  };

  for (;;) {
    {
      std::unique_lock lock(m_mutex);
      if (m_stop) break;
    }
    if (!conn) {
      auto c = ModbusConnection::open(m_options.url, m_options.timeout);
      if (!c) {
        lost(c.error());
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, backoff, [&] { return m_stop; });
        backoff = std::min(backoff * 2, m_options.backoffMax);
        continue;
      }
      conn.emplace(std::move(*c));
      backoff = m_options.backoffMin;
      {
        std::lock_guard lock(m_mutex);
        m_connected = true;
        m_dirty = true;
      }
      m_log->info("I/O module {} connected", m_options.url.text());
      faultReported = false;
      if (m_callbacks.recovered) m_callbacks.recovered();
    }

    std::optional<IoOutputs> toWrite;
    {
      std::lock_guard lock(m_mutex);
      if (m_dirty) {
        toWrite = m_wanted;
        m_dirty = false;
      }
    }
    if (toWrite) {
      // One request for all three coils: light and buzzer change together, never half an alarm.
      if (auto st = conn->writeCoils(0, {toWrite->light, toWrite->buzzer, toWrite->systemOk}); !st) {
        lost(st.error());
        continue;
      }
      if (m_callbacks.outputsWritten) m_callbacks.outputsWritten(*toWrite);
    }

    auto in = conn->readDiscreteInputs(0, 4);
    if (!in) {
      lost(in.error());
      continue;
    }
    IoInputs inputs{(*in)[0], (*in)[1], (*in)[2], (*in)[3]};
    lastInputs = inputs;
    if (m_callbacks.inputs) m_callbacks.inputs(inputs);

    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, m_options.poll, [&] { return m_stop || m_dirty; });
  }
  // Leave the module quiet: a daemon that stops must not leave the alarm sounding.
  if (conn) {
    (void)conn->writeCoils(0, {false, false, false});
  }
}

} // namespace lasis::modbus
