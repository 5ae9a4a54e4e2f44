#include "kiosk/app/sessioncontroller.h"

#include "kiosk/app/accountmodel.h"
#include "kiosk/app/enginethread.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/patrontext.h"
#include "kiosk/app/speaker.h"
#include "kiosk/app/theme.h"
#include "kiosk/staff/staffauth.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QPointer>
#include <QVariantMap>

#include <algorithm>

namespace lasis::kiosk {

using circulation::Action;

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

} // namespace

SessionController::SessionController(KioskRuntime& kiosk, EngineThread& worker, OutcomeListModel& items,
                                     LoanListModel& loans, HoldListModel& holds, LanguageController& language,
                                     Theme& theme, Speaker& speaker, QObject* parent)
    : QObject(parent), m_kiosk(kiosk), m_worker(worker), m_items(items), m_loans(loans), m_holds(holds),
      m_language(language), m_theme(theme), m_speaker(speaker) {
  m_countdown.setInterval(1000);
  connect(&m_countdown, &QTimer::timeout, this, [this] {
    if (m_warningLeft > 0) {
      --m_warningLeft;
      emit warningChanged();
    }
    if (m_warningLeft == 0) m_countdown.stop();
  });
  m_goodbye.setSingleShot(true);
  connect(&m_goodbye, &QTimer::timeout, this, &SessionController::goHome);
  m_goodbyeTick.setInterval(1000);
  connect(&m_goodbyeTick, &QTimer::timeout, this, [this] {
    if (m_goodbyeLeft > 0) --m_goodbyeLeft;
    if (m_goodbyeLeft == 0) m_goodbyeTick.stop();
    emit goodbyeTick();
  });
  // The identify and welcome screens notice a card laid on the pad without a button press.
  m_cardPoll.setInterval(1000);
  connect(&m_cardPoll, &QTimer::timeout, this, &SessionController::pollCard);
  m_cardPoll.start();  // the welcome screen, where the kiosk starts, watches the pad too
  m_padWatch.setInterval(1000);
  connect(&m_padWatch, &QTimer::timeout, this, &SessionController::watchPad);
  m_staffIdle.setSingleShot(true);
  m_staffIdle.setInterval(60'000);
  connect(&m_staffIdle, &QTimer::timeout, this, [this] {
    if (m_screen == QLatin1String("staff")) goHome();
  });
  m_undo.setSingleShot(true);
  m_undo.setInterval(undoSeconds * 1000);
  connect(&m_undo, &QTimer::timeout, this, [this] {
    m_undoable.reset();
    m_holds.setCancelled(std::nullopt);
  });
  connect(&m_language, &LanguageController::currentChanged, this, &SessionController::retranslate);
  retranslate();
}

SessionController::~SessionController() = default;

void SessionController::run(std::function<void()> job) {
  if (m_busy++ == 0) emit busyChanged();
  QPointer<SessionController> self = this;
  m_worker.post([self, job = std::move(job)] {
    job();
    // Queued after the job's own events, so busy ends once the screen has them all.
    QMetaObject::invokeMethod(self, [self] {
      if (self && --self->m_busy == 0) emit self->busyChanged();
    }, Qt::QueuedConnection);
  });
}

void SessionController::setScreen(const QString& s) {
  if (s == m_screen) return;
  m_screen = s;
  if (s == QLatin1String("identify"))
    m_flow = m_next == QLatin1String("account") ? QStringLiteral("account") : QStringLiteral("borrow");
  else if (s == QLatin1String("checkout")) m_flow = QStringLiteral("borrow");
  else if (s == QLatin1String("return")) m_flow = QStringLiteral("return");
  else if (s == QLatin1String("account") || s == QLatin1String("hold")) m_flow = QStringLiteral("account");
  else if (s == QLatin1String("welcome") || s == QLatin1String("staff")) m_flow.clear();
  // receipt, receipt-shown and goodbye end the flow the patron was in
  if (s != QLatin1String("goodbye") && !m_leftBehind.empty()) {  // only the goodbye repeats them
    m_leftBehind.clear();
    emit leftBehindChanged();
  }
  m_cardPoll.stop();
  // The pad is watched for a card on the identify screen and on the welcome screen, where a card
  // laid down starts borrowing with it (no button first). What lies there as the welcome screen
  // appears (a card left behind by the last patron) is not taken for a new arrival.
  m_padBaseline.reset();
  if (s == QLatin1String("identify") || s == QLatin1String("welcome")) m_cardPoll.start();
  if (s == QLatin1String("checkout") || s == QLatin1String("return") || s == QLatin1String("hold")) m_padWatch.start();
  else m_padWatch.stop();
  if (s == QLatin1String("staff")) m_staffIdle.start();
  else m_staffIdle.stop();
  emit screenChanged();
}

void SessionController::setNotice(std::function<QString()> text, bool problem) {
  m_notice = std::move(text);
  m_noticeProblem = problem;
  emit noticeChanged();
  const QString said = notice();
  if (problem) m_speaker.attention();
  emit announce(said);
  m_speaker.say(said, m_language.current());
}

void SessionController::showFleetNotice(const std::map<std::string, std::string>& text, int seconds) {
  if (text.empty()) return;
  const int generation = ++m_fleetNotice;
  // Worded when read, so a language switch while it shows picks that language's text.
  setNotice([this, text] {
    auto it = text.find(m_language.current().toStdString());
    if (it == text.end()) it = text.find("en");
    if (it == text.end()) it = text.begin();
    return QString::fromStdString(it->second);
  }, false);
  QTimer::singleShot(seconds * 1000, this, [this, generation] {
    if (generation == m_fleetNotice) clearNotice();
  });
}

void SessionController::clearNotice() {
  if (!m_notice) return;
  m_notice = nullptr;
  m_noticeProblem = false;
  emit noticeChanged();
}

QString SessionController::notice() const { return m_notice ? m_notice() : QString(); }

void SessionController::retranslate() {
  m_items.setLocale(m_language.locale());
  m_loans.setLocale(m_language.locale());
  m_holds.setLocale(m_language.locale());
  emit noticeChanged();
  emit modeChanged();
  emit patronChanged();
  emit receiptChanged();
  emit leftBehindChanged();
}

QStringList SessionController::leftBehind() const {
  QStringList out;
  for (const auto& o : m_leftBehind) out << notDoneLine(o);
  return out;
}

QString SessionController::patronName() const { return m_patron ? q(m_patron->name) : QString(); }

QStringList SessionController::patronMessages() const {
  QStringList out;
  if (!m_patron) return out;
  // Why the library system limits the patron, from its status flags, in the patron's language
  // first; then its own words as given (often in its own language); then the kiosk's notes.
  if (m_patron->cardLost) out << QCoreApplication::translate("SessionController", "This card is reported lost. Please ask at the desk.");
  for (auto b : m_patron->blocks)
    if (b != circulation::PatronBlock::cardLost) out << PatronText::block(b);
  for (const auto& m : m_patron->ilsMessages) out << q(m);
  if (m_patron->provisional) out << QCoreApplication::translate("SessionController", "The library system is not answering: your loans will be confirmed later.");
  if (m_patron->blocked && m_patron->ilsMessages.empty() && m_patron->blocks.empty())
    out << QCoreApplication::translate("SessionController", "You cannot borrow at the moment. Please ask at the desk.");
  return out;
}

QString SessionController::finesText() const {
  if (!m_patron || !m_patron->fines || *m_patron->fines <= 0) return {};
  //: Account screen; %1 is an amount of money
  return QCoreApplication::translate("SessionController", "You owe %1").arg(PatronText::money(*m_patron->fines, q(m_patron->currency), m_language.locale()));
}

QStringList SessionController::fineLines() const {
  QStringList out;
  for (const auto& f : m_fines) {
    QString line = q(f.description);
    if (f.amount) line += QStringLiteral(": ") + PatronText::money(*f.amount, m_currency, m_language.locale());
    out << line;
  }
  return out;
}

QString SessionController::mode() const {
  switch (m_mode) {
  case circulation::Mode::online: return QStringLiteral("online");
  case circulation::Mode::offline: return QStringLiteral("offline");
  case circulation::Mode::outOfOrder: return QStringLiteral("out-of-order");
  }
  return {};
}

QString SessionController::modeText() const {
  return PatronText::mode(m_mode, m_kiosk.config().offline.mode == circulation::OfflineMode::returnsAndCheckouts);
}

QStringList SessionController::receiptHeader() const {
  QStringList out;
  if (!m_receipt) return out;
  const QString library = QString::fromStdString(m_kiosk.receipts().libraryName).trimmed();
  if (!library.isEmpty()) out << library;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(m_receipt->time.time_since_epoch()).count();
  const QDateTime when = QDateTime::fromMSecsSinceEpoch(ms);
  out << QStringLiteral("%1 %2").arg(PatronText::shortDate(when.date(), m_language.locale()),
                                     when.time().toString(QStringLiteral("HH:mm")));
  // The card masked to its last four characters: "•••• 1234".
  const QString card = q(m_receipt->patronRef).remove(QLatin1Char('*'));
  if (!card.isEmpty())
    //: Receipt: the patron's card, masked; %1 is its last four digits
    out << QCoreApplication::translate("SessionController", "Card %1").arg(QString::fromUtf8("•••• ") + card);
  return out;
}

QString SessionController::notDoneLine(const circulation::ItemOutcome& o) const {
  const QString title = q(o.title.empty() ? o.itemId : o.title);
  const bool staff = o.seeStaff || o.reason != circulation::Outcome::offlineLimit;
  if (o.action == Action::checkin)
    //: Receipt and goodbye: an item that was not returned; %1 its title
    return QCoreApplication::translate("SessionController", "Not returned: %1. Please show it to the staff.").arg(title);
  return staff
             //: Receipt and goodbye: an item that was not lent; %1 its title
             ? QCoreApplication::translate("SessionController", "Not lent: %1. Please show it to the staff.").arg(title)
             //: Receipt and goodbye: an item that was not lent and needs no staff; %1 its title
             : QCoreApplication::translate("SessionController", "Not lent: %1. Please leave it on the desk.").arg(title);
}

QStringList SessionController::receiptLines() const {
  QStringList out;
  if (!m_receipt) return out;
  const QLocale& loc = m_language.locale();
  for (const auto& l : m_receipt->lines) {
    const QString title = q(l.title.empty() ? l.itemId : l.title);
    QString what;
    switch (l.action) {
    case Action::checkout:
      //: Receipt line: %1 title, %2 "until <due date>" with its preposition, in the language's long form
      what = l.dueDate ? QCoreApplication::translate("SessionController", "Borrowed: %1, due back %2").arg(title, PatronText::dueBy(*l.dueDate, loc, true))
                       : QCoreApplication::translate("SessionController", "Borrowed: %1").arg(title);
      break;
    case Action::checkin: what = QCoreApplication::translate("SessionController", "Returned: %1").arg(title); break;
    case Action::renew:
      //: Receipt line: %1 title, %2 "until <due date>" with its preposition, in the language's long form
      what = l.dueDate ? QCoreApplication::translate("SessionController", "Renewed: %1, due back %2").arg(title, PatronText::dueBy(*l.dueDate, loc, true))
                       : QCoreApplication::translate("SessionController", "Renewed: %1").arg(title);
      break;
    default: what = title; break;
    }
    if (l.provisional) what += QStringLiteral(" *");
    out << what;
  }
  // Everything not lent, with what to do: a receipt that leaves it out sends a book to the gate.
  for (const auto& o : m_notDone) out << notDoneLine(o);
  if (m_receipt->provisional)
    out << QCoreApplication::translate("SessionController", "* Recorded while the library system was not answering; it will be confirmed later.");
  return out;
}

QVariantList SessionController::pickupBranches() const {
  QVariantList out;
  for (const auto& b : m_kiosk.ui().pickupBranches) out.push_back(QVariantMap{{"code", q(b.code)}, {"name", q(b.name)}});
  return out;
}

QString SessionController::branchName(const QString& code) const {
  for (const auto& b : m_kiosk.ui().pickupBranches)
    if (q(b.code) == code) return q(b.name);
  return code;
}

// --- actions -------------------------------------------------------------------------------

void SessionController::beginBorrow() {
  clearNotice();
  m_next = QStringLiteral("checkout");
  setScreen(loggedIn() ? m_next : QStringLiteral("identify"));
  if (loggedIn()) checkout();
}

void SessionController::beginAccount() {
  clearNotice();
  m_next = QStringLiteral("account");
  if (loggedIn()) showAccount();
  else setScreen(QStringLiteral("identify"));
}

void SessionController::beginReturn() {
  clearNotice();
  setScreen(QStringLiteral("return"));
  // A new run of returns: what lies on the pad now is returned, and what is laid down after it
  // (watchPad), each book once.
  run([this] { m_kiosk.engine().checkinArrivals(true); });
}

void SessionController::watchPad() {
  if (m_watching || busy()) return;
  if (m_screen == QLatin1String("hold")) {
    // The reserve screen: the book laid on the pad is the one to reserve (no number to type).
    m_watching = true;
    QPointer<SessionController> self = this;
    m_worker.post([this, self] {
      const auto ids = m_kiosk.engine().itemsOnPad();
      QMetaObject::invokeMethod(self, [self, ids] {
        if (!self) return;
        self->m_watching = false;
        if (ids.empty() || self->m_screen != QLatin1String("hold")) return;
        const QString id = q(ids.front());
        if (id == self->m_holdItem) return;
        self->m_holdItem = id;
        emit self->holdItemChanged();
      }, Qt::QueuedConnection);
    });
    return;
  }
  const bool borrow = m_screen == QLatin1String("checkout");
  if (borrow && (!loggedIn() || !mayBorrow() || m_kiosk.config().confirmItemCount)) return;
  if (!borrow && m_screen != QLatin1String("return")) return;
  m_watching = true;
  QPointer<SessionController> self = this;
  m_worker.post([this, self, borrow] {
    if (borrow) m_kiosk.engine().checkoutArrivals();
    else m_kiosk.engine().checkinArrivals(false);
    QMetaObject::invokeMethod(self, [self] { if (self) self->m_watching = false; }, Qt::QueuedConnection);
  });
}

QString SessionController::padProgress() const {
  if (m_padTotal <= 0 || m_padRead >= m_padTotal) return {};
  const QLocale loc = m_language.locale();
  //: Reading the pad: %1 items read so far of %2 on the pad
  return QCoreApplication::translate("SessionController", "%1 of %2 read").arg(loc.toString(m_padRead), loc.toString(m_padTotal));
}

void SessionController::handlePadProgress(int read, int total) {
  const bool was = !padProgress().isEmpty();
  m_padRead = read;
  m_padTotal = total;
  if (was || !padProgress().isEmpty()) emit padProgressChanged();
}

void SessionController::login(const QString& card, const QString& pin) {
  if (busy()) return;
  clearNotice();
  // The PIN is copied to the engine's thread and to nowhere else (never logged or stored).
  // A scanned card is the engine's already (its number in the ILS's form): an empty card says so.
  const std::string c = card.isEmpty() ? (m_cardScanned ? std::string() : m_cardOnPad.toStdString()) : card.toStdString();
  const std::string p = pin.toStdString();
  if (m_staffAuth && m_staffAuth->isStaffCard(c)) {
    // Staff: the PIN is checked against its Argon2id hash on the engine's thread (it is slow on
    // purpose), never sent to the ILS, never logged.
    QPointer<SessionController> self = this;
    StaffAuth* auth = m_staffAuth;
    run([self, auth, p] {
      const auto verdict = auth->verify(p);
      QMetaObject::invokeMethod(self, [self, verdict] {
        if (!self) return;
        self->m_cardOnPad.clear();
        self->m_cardScanned = false;
        emit self->cardOnPadChanged();
        if (verdict.ok) {
          self->clearNotice();
          self->setScreen(QStringLiteral("staff"));
          emit self->staffEntered();
          return;
        }
        const int wait = verdict.retryAfterSeconds;
        self->setNotice([wait] {
          return wait > 0
                     //: Too many wrong staff PINs; %1 is a number of seconds
                     ? QCoreApplication::translate("SessionController", "Too many tries. Try again in %1 s.").arg(wait)
                     : QCoreApplication::translate("SessionController", "The PIN is not right. Please try again.");
        }, true);
      }, Qt::QueuedConnection);
    });
    return;
  }
  run([this, c, p] { (void)m_kiosk.engine().login(c, p); });
}

void SessionController::scanned(const scan::Scan& code) {
  const bool visit = loggedIn();
  if (visit) touch();
  // Where an item goes: borrowed during a visit, returned on the return screen or with nobody
  // logged in (returns need no login).
  const bool borrow = visit && m_screen != QLatin1String("return");
  const bool reserve = visit && m_screen == QLatin1String("hold");  // the item to reserve, not to lend
  QPointer<SessionController> self = this;
  run([this, self, code, borrow, visit, reserve] {
    const auto m = m_kiosk.engine().presentScan(code);
    if (m.what == scan::Meaning::What::item && reserve) {
      QMetaObject::invokeMethod(self, [self, id = m.id] {
        if (!self) return;
        self->m_holdItem = q(id);
        emit self->holdItemChanged();
      }, Qt::QueuedConnection);
    } else if (m.what == scan::Meaning::What::item) {
      if (borrow) m_kiosk.engine().checkoutItem(m.id);
      else m_kiosk.engine().checkinItem(m.id);
    }
    QMetaObject::invokeMethod(self, [self, m, visit] { if (self) self->afterScan(m, visit); }, Qt::QueuedConnection);
  });
}

void SessionController::afterScan(const scan::Meaning& m, bool wasVisit) {
  using What = scan::Meaning::What;
  const bool staffCard = m.what == What::staff || (m.what == What::patron && m_staffAuth && m_staffAuth->isStaffCard(m.id));
  if (loggedIn() || wasVisit) return;  // items were lent or said; a card during a visit was refused
  if (staffCard) {
    // As a staff card on the pad: its number goes to the staff PIN check, never to the ILS.
    m_cardOnPad = q(m.id);
    m_cardScanned = false;
  } else if (m.what == What::patron) {
    m_cardOnPad = QStringLiteral("scanned");
    m_cardScanned = true;
  } else {
    if (m.what == What::item && m_screen != QLatin1String("return")) setScreen(QStringLiteral("return"));
    return;
  }
  if (m_screen != QLatin1String("identify")) {
    if (m_next.isEmpty()) m_next = QStringLiteral("checkout");
    setScreen(QStringLiteral("identify"));
  }
  emit cardOnPadChanged();
  setNotice([] { return QCoreApplication::translate("SessionController", "Card found. Now type your PIN."); }, false);
}

void SessionController::checkout() {
  clearNotice();
  run([this] { m_kiosk.engine().checkout(); });
}

void SessionController::checkin() {
  clearNotice();
  run([this] { m_kiosk.engine().checkin(); });
}

void SessionController::showAccount() {
  clearNotice();
  setScreen(QStringLiteral("account"));
  run([this] { m_kiosk.engine().account(); });
}

void SessionController::showCheckout() {
  clearNotice();
  setScreen(QStringLiteral("checkout"));
}

void SessionController::renew(const QString& itemId) {
  const std::string id = itemId.toStdString();
  run([this, id] {
    m_kiosk.engine().renew(id);
    m_kiosk.engine().account();
  });
}

void SessionController::renewAll() {
  run([this] {
    m_kiosk.engine().renewAll();
    m_kiosk.engine().account();
  });
}

void SessionController::showPlaceHold() {
  clearNotice();
  m_holdItem.clear();
  emit holdItemChanged();
  setScreen(QStringLiteral("hold"));
}

void SessionController::placeHold(const QString& itemId, const QString& pickup) {
  if (itemId.trimmed().isEmpty()) {
    setNotice([] { return QCoreApplication::translate("SessionController", "Type the number of the item you want to reserve."); }, true);
    return;
  }
  const std::string id = itemId.trimmed().toStdString(), where = pickup.toStdString();
  run([this, id, where] {
    m_kiosk.engine().placeHold(id, where);
    m_kiosk.engine().account();
  });
}

void SessionController::cancelHold(const QString& itemId, const QString& pickup) {
  const std::string id = itemId.toStdString(), where = pickup.toStdString();
  // Kept as listed, so that an undo places it again where it was to be picked up.
  m_cancelling = m_holds.hold(itemId);
  if (!m_cancelling) m_cancelling = ils::HoldLine{};
  m_cancelling->itemId = id;
  if (m_cancelling->pickupLocation.empty()) m_cancelling->pickupLocation = where;
  run([this, id, where] {
    m_kiosk.engine().cancelHold(id, where);
    m_kiosk.engine().account();
  });
}

void SessionController::undoCancelHold(const QString& itemId) {
  if (!m_undoable || q(m_undoable->itemId) != itemId) return;
  const ils::HoldLine line = *m_undoable;
  m_undoable.reset();
  m_undo.stop();
  // The row stays marked until the hold's outcome comes back (handleItem), then the account.
  run([this, id = line.itemId, where = line.pickupLocation] {
    m_kiosk.engine().placeHold(id, where);
    m_kiosk.engine().account();
  });
}

void SessionController::finish() {
  QPointer<SessionController> self = this;
  run([this, self] {
    auto receipt = m_kiosk.engine().receipt();
    QMetaObject::invokeMethod(self, [self, receipt] {
      if (!self) return;
      self->m_notDone = self->m_items.notDone();
      if (receipt.lines.empty()) {
        self->endSession();
        return;
      }
      self->m_receipt = receipt;
      emit self->receiptChanged();
      self->clearNotice();
      self->setScreen(QStringLiteral("receipt"));
    }, Qt::QueuedConnection);
  });
}

void SessionController::chooseReceipt(const QString& how) {
  if (how == QLatin1String("screen")) {
    setScreen(QStringLiteral("receipt-shown"));
    return;
  }
  if ((how == QLatin1String("print") || how == QLatin1String("email")) && m_receiptSink && m_receipt) {
    if (how == QLatin1String("email") && m_email.isEmpty() && loggedIn()) {
      // The address comes with the account (SIP2 64): ask for it, then send.
      QPointer<SessionController> self = this;
      run([this, self, how] {
        m_kiosk.engine().account();
        QMetaObject::invokeMethod(self, [self, how] {
          if (self) self->deliverReceipt(how);
        }, Qt::QueuedConnection);
      });
      return;
    }
    deliverReceipt(how);
    return;
  }
  endSession();
}

void SessionController::deliverReceipt(const QString& how) {
  const ReceiptText text = receiptForSending(QString::fromStdString(m_kiosk.receipts().libraryName));
  const QString email = m_email;
  QPointer<SessionController> self = this;
  ReceiptSink sink = m_receiptSink;
  run([self, sink, text, how, email] {
    const QString problem = sink(text, how, email);
    QMetaObject::invokeMethod(self, [self, problem, how] {
      if (!self) return;
      if (!problem.isEmpty()) {
        qWarning("receipt by %s failed: %s", qPrintable(how), qPrintable(problem));
        // The receipt stays on offer: the patron may pick another way.
        self->setNotice([how] {
          return how == QLatin1String("email")
                     //: The emailed receipt could not be sent
                     ? QCoreApplication::translate("SessionController", "The receipt could not be emailed. Please choose another way.")
                     //: The receipt printer did not print
                     : QCoreApplication::translate("SessionController", "The receipt could not be printed. Please choose another way.");
        }, true);
        return;
      }
      self->endSession();
    }, Qt::QueuedConnection);
  });
}

ReceiptText SessionController::receiptForSending(const QString& libraryName) const {
  ReceiptText t;
  t.heading = libraryName;
  t.language = m_language.current();  // the words' language: the printer's code page follows it
  if (m_receipt) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(m_receipt->time.time_since_epoch()).count();
    (void)ms;
    QStringList head = receiptHeader();
    if (!libraryName.trimmed().isEmpty() && !head.isEmpty()) head.removeFirst();  // the heading already
    head.prepend(QString::fromStdString(m_receipt->kioskId));
    // Printers' code pages have no "•": the card is masked with "*" on paper and in mail.
    t.subtitle = head.join(QStringLiteral(" · ")).replace(QChar(0x2022), QLatin1Char('*'));
  }
  t.lines = receiptLines();
  return t;
}

void SessionController::endSession() {
  run([this] { m_kiosk.engine().endSession(circulation::SessionEndReason::done); });
}

void SessionController::extendSession() {
  m_warningLeft = 0;
  m_countdown.stop();
  emit warningChanged();
  run([this] { m_kiosk.engine().touch(); });
}

void SessionController::callStaff() {
  touch();
  // The screen's name only (welcome, checkout, …): where the patron is, never who.
  if (m_kiosk.staffCall().raise(m_screen.toStdString())) emit staffCallChanged();
  setNotice([] {
    //: Notice after the patron pressed "Call staff"
    return QCoreApplication::translate("SessionController", "Staff have been called. Someone is coming to help you.");
  }, false);
}

void SessionController::touch() {
  // At most one engine call a second, however fast the fingers.
  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  if (m_screen == QLatin1String("staff")) m_staffIdle.start();
  if (m_warningLeft > 0) {
    extendSession();
  } else if (loggedIn() && now - m_lastTouchMs > 1000) {
    m_worker.post([this] { m_kiosk.engine().touch(); });
  }
  m_lastTouchMs = now;
}

void SessionController::goHome() {
  m_goodbye.stop();
  m_goodbyeTick.stop();
  m_goodbyeLeft = 0;
  m_leftBehind.clear();
  emit leftBehindChanged();
  if (loggedIn()) {
    endSession();
    return;
  }
  // A visit ends at the goodbye (or staff leave): speech goes off and back to its normal rate for
  // the next patron. "Back" from the card step keeps it: the patron who asked for it is still here.
  const bool visitOver = m_screen == QLatin1String("goodbye") || m_screen == QLatin1String("staff");
  wipe();
  m_language.reset();
  m_theme.reset();
  if (visitOver) m_speaker.reset();
  m_endReason.clear();
  setScreen(QStringLiteral("welcome"));
}

void SessionController::pollCard() {
  if (m_polling || busy() || loggedIn() || !m_cardOnPad.isEmpty()) return;
  m_polling = true;
  QPointer<SessionController> self = this;
  m_worker.post([this, self] {
    auto card = m_kiosk.engine().cardOnPad();
    QMetaObject::invokeMethod(self, [self, card] {
      if (!self) return;
      self->m_polling = false;
      if (self->m_screen == QLatin1String("welcome")) {
        const QString now = card ? q(*card) : QString();
        const bool arrived = self->m_padBaseline && card && now != *self->m_padBaseline;
        self->m_padBaseline = now;
        if (!arrived || self->busy() || self->loggedIn()) return;
        self->m_next = QStringLiteral("checkout");
        self->setScreen(QStringLiteral("identify"));
      } else if (!card || self->m_screen != QLatin1String("identify")) {
        return;
      }
      self->m_cardOnPad = q(*card);
      emit self->cardOnPadChanged();
      self->setNotice([] { return QCoreApplication::translate("SessionController", "Card found. Now type your PIN."); }, false);
      // The books on the pad are read while the PIN is typed: after OK only the library system
      // and the tag writes remain. Not a screen action (the PIN pad stays usable meanwhile).
      self->m_worker.post([engine = &self->m_kiosk.engine()] { engine->readPadAhead(); });
    }, Qt::QueuedConnection);
  });
}

// --- events ----------------------------------------------------------------------------------

void SessionController::handleLogin(const circulation::LoginOutcome& o) {
  if (!o.ok) {
    setNotice([o] { return PatronText::login(o); }, true);
    if (o.reason == circulation::Outcome::noCard) {
      m_cardOnPad.clear();
      m_cardScanned = false;
      emit cardOnPadChanged();
    }
    return;
  }
  m_patron = o.patron;
  m_cardOnPad.clear();
  m_cardScanned = false;
  emit cardOnPadChanged();
  emit patronChanged();
  m_speaker.success();
  setNotice([o] { return PatronText::login(o); }, o.reason == circulation::Outcome::blocked);
  if (m_next == QLatin1String("account") || !mayBorrow()) {
    showAccount();
    return;
  }
  setScreen(QStringLiteral("checkout"));
  if (m_kiosk.config().confirmItemCount) {
    checkout();  // the patron says how many first (the count screen)
  } else {
    // Everything on the pad now, then what arrives (watchPad): nothing to press, and no "no items"
    // complaint to a patron who logs in before laying the books down.
    run([this] { m_kiosk.engine().checkoutArrivals(); });
  }
}

void SessionController::handleItem(const circulation::ItemOutcome& o) {
  const QLocale loc = m_language.locale();
  switch (o.action) {
  case Action::checkout:
  case Action::checkin: {
    m_items.add(o);
    if (o.ok) m_speaker.success();
    else m_speaker.attention();
    const QString said = QStringLiteral("%1: %2").arg(q(o.title.empty() ? o.itemId : o.title), PatronText::outcome(o, loc));
    emit announce(said);
    m_speaker.add(said, m_language.current());  // after what is being said: each result heard
    break;
  }
  default: {
    if (o.action == Action::holdCancel && m_cancelling && m_cancelling->itemId == o.itemId) {
      if (o.ok) {  // cancelled: the row says so, with Undo, for a few seconds
        m_undoable = m_cancelling;
        if (m_undoable->title.empty()) m_undoable->title = o.title;
        if (!o.pickupLocation.empty()) m_undoable->pickupLocation = o.pickupLocation;  // the ILS's word
        m_holds.setCancelled(m_undoable);
        m_undo.start();
      }
      m_cancelling.reset();
    }
    if (o.action == Action::holdPlace && !m_undoable) m_holds.setCancelled(std::nullopt);  // an undo's answer
    const QString title = q(o.title.empty() ? o.itemId : o.title);
    LanguageController* lang = &m_language;
    setNotice([o, title, lang] { return QStringLiteral("%1: %2").arg(title, PatronText::outcome(o, lang->locale())); },
              !o.ok);
    if (o.ok) m_speaker.success();
    break;
  }
  }
}

void SessionController::handleCountMismatch(int expected, int found) {
  (void)expected;
  (void)found;
  setNotice([] { return PatronText::message(circulation::Outcome::countMismatch, {}); }, true);
}

void SessionController::handleMode(const circulation::ModeChange& m) {
  if (m.mode == m_mode) return;
  m_mode = m.mode;
  emit modeChanged();
  if (m_mode != circulation::Mode::online) emit announce(modeText());
}

void SessionController::handleWarning(const circulation::SessionWarning& w) {
  m_warningLeft = w.secondsLeft;
  m_countdown.start();
  emit warningChanged();
  m_speaker.attention();
  //: Spoken when the session is about to end for inactivity
  const QString said = QCoreApplication::translate("SessionController", "Are you still there? Touch the screen for more time.");
  emit announce(said);
  m_speaker.say(said, m_language.current());
}

void SessionController::handleAccount(const ils::PatronAccount& a) {
  m_loans.setLoans(a.loans);
  m_holds.setHolds(a.holds);
  m_fines = a.fines;
  m_email = QString::fromStdString(a.email);
  m_currency = q(a.currency);
  if (m_patron) {
    m_patron->fines = a.feeAmount;
    m_patron->currency = a.currency;
  }
  emit patronChanged();
}

void SessionController::handleReceipt(const circulation::Receipt& r) {
  // The engine's receipt at session end: kept only until the wipe that follows it.
  (void)r;
}

void SessionController::handleSessionEnded(circulation::SessionEndReason why) {
  // What was not lent stays on the goodbye screen (words made now, in the visit's language).
  auto left = m_notDone.empty() ? m_items.notDone() : m_notDone;
  wipe();
  m_leftBehind = std::move(left);
  emit leftBehindChanged();
  m_endReason = q(std::string(circulation::toString(why)));
  // Time to read what to do with an item not lent: at least 20 s (EN 301 549's minimum to respond).
  m_goodbyeLeft = m_leftBehind.empty() ? m_kiosk.ui().goodbyeSeconds : std::max(m_kiosk.ui().goodbyeSeconds, 20);
  m_goodbyeTick.start();
  emit goodbyeTick();
  setScreen(QStringLiteral("goodbye"));
  m_goodbye.start(m_goodbyeLeft * 1000);
  //: Goodbye screen
  const QString said = why == circulation::SessionEndReason::timeout
                           ? QCoreApplication::translate("SessionController", "Your session has ended. Your details have been cleared from the screen.")
                           : QCoreApplication::translate("SessionController", "Thank you, goodbye!");
  emit announce(said);
  m_speaker.say(said, m_language.current());
}

void SessionController::handleStaffAlert(const circulation::StaffAlert& a) {
  emit staffAlert(q(a.itemId), q(a.message));
}

void SessionController::handleMessage(circulation::Outcome code, const std::string& text) {
  const QString t = q(text);
  setNotice([code, t] { return PatronText::message(code, t); }, true);
}

void SessionController::wipe() {
  m_patron.reset();
  m_fines.clear();
  m_currency.clear();
  m_email.clear();
  m_cardOnPad.clear();
  m_cardScanned = false;
  m_padRead = m_padTotal = 0;
  m_receipt.reset();
  m_notDone.clear();
  m_next.clear();
  m_warningLeft = 0;
  m_countdown.stop();
  m_items.clear();
  m_loans.setLoans({});
  m_undo.stop();
  m_cancelling.reset();
  m_undoable.reset();
  m_holds.setCancelled(std::nullopt);
  m_holds.setHolds({});
  m_notice = nullptr;
  m_noticeProblem = false;
  emit patronChanged();
  emit cardOnPadChanged();
  emit receiptChanged();
  emit warningChanged();
  emit noticeChanged();
  emit wiped();
}

} // namespace lasis::kiosk
