#pragma once
// The patron's visit as the screens see it: which screen shows, who is logged in, what the kiosk
// is doing, the latest message, the timeout warning. Every action runs on the engine's thread
// (EngineThread) and its events come back through the ListenerBridge; QML only reads properties
// and calls these invokables, so all decisions stay in C++ where they are tested.
//
// PRIVACY. When a session ends (done, timeout, card taken away) everything of the patron is wiped
// at once: name, messages, items, loans, holds, fines, receipt, typed card number; the language and
// the look go back to the kiosk's defaults.

#include "common/circulation/events.h"
#include "common/ils/ils.h"
#include "common/scan/cardrules.h"
#include "kiosk/app/receiptsender.h"
#include "kiosk/runtime/kioskruntime.h"

#include <QObject>
#include <QStringList>
#include <QTimer>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <map>
#include <optional>

namespace lasis::kiosk {

class EngineThread;
class StaffAuth;
class HoldListModel;
class LanguageController;
class LoanListModel;
class OutcomeListModel;
class Speaker;
class Theme;

/// The state of the patron's visit and the actions the screens offer.
class SessionController : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its session")
  Q_PROPERTY(QString screen READ screen NOTIFY screenChanged)
  /// What the patron came for: "borrow", "return", "account" or "" (welcome, staff): the screens'
  /// step indicator shows where in it they are.
  Q_PROPERTY(QString flow READ flow NOTIFY screenChanged)
  Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
  Q_PROPERTY(bool loggedIn READ loggedIn NOTIFY patronChanged)
  Q_PROPERTY(QString patronName READ patronName NOTIFY patronChanged)
  Q_PROPERTY(QStringList patronMessages READ patronMessages NOTIFY patronChanged)
  Q_PROPERTY(bool mayBorrow READ mayBorrow NOTIFY patronChanged)
  Q_PROPERTY(QString finesText READ finesText NOTIFY patronChanged)
  Q_PROPERTY(QStringList fineLines READ fineLines NOTIFY patronChanged)
  Q_PROPERTY(QString cardOnPad READ cardOnPad NOTIFY cardOnPadChanged)
  /// The reserve screen: the item laid on the pad (or scanned) to be reserved; empty until then.
  Q_PROPERTY(QString holdItem READ holdItem NOTIFY holdItemChanged)
  /// While the pad is being read: "3 of 5 read" in the patron's language; empty otherwise.
  Q_PROPERTY(QString padProgress READ padProgress NOTIFY padProgressChanged)
  Q_PROPERTY(QString mode READ mode NOTIFY modeChanged)
  Q_PROPERTY(QString modeText READ modeText NOTIFY modeChanged)
  Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
  Q_PROPERTY(bool noticeIsProblem READ noticeIsProblem NOTIFY noticeChanged)
  Q_PROPERTY(int warningSecondsLeft READ warningSecondsLeft NOTIFY warningChanged)
  Q_PROPERTY(QString endReason READ endReason NOTIFY screenChanged)
  Q_PROPERTY(QStringList receiptLines READ receiptLines NOTIFY receiptChanged)
  /// The receipt's head: the library's name (when configured), date and time, the masked card.
  Q_PROPERTY(QStringList receiptHeader READ receiptHeader NOTIFY receiptChanged)
  /// What was not lent (or not returned) in the visit that just ended, each with what to do:
  /// the goodbye screen repeats it so that no one walks to the gate with it. Gone at welcome.
  Q_PROPERTY(QStringList leftBehind READ leftBehind NOTIFY leftBehindChanged)
  /// Seconds until the goodbye screen goes back to the start by itself (counts down on screen).
  Q_PROPERTY(int goodbyeSecondsLeft READ goodbyeSecondsLeft NOTIFY goodbyeTick)
  Q_PROPERTY(QString receiptText READ receiptText NOTIFY receiptChanged)
  Q_PROPERTY(bool receiptProvisional READ receiptProvisional NOTIFY receiptChanged)
  Q_PROPERTY(QVariantList pickupBranches READ pickupBranches CONSTANT)
  Q_PROPERTY(bool training READ training CONSTANT)
  /// Where fines can be paid online ([ui] pay_url, https only), for the fines' QR code; or empty.
  Q_PROPERTY(QString payUrl READ payUrl CONSTANT)
  /// The library's name ([ui] library_name; empty: the screens say "the library"), its logo as a
  /// file URL (empty: none) and its opening hours as it writes them.
  Q_PROPERTY(QString libraryName READ libraryName CONSTANT)
  Q_PROPERTY(QString logoUrl READ logoUrl CONSTANT)
  Q_PROPERTY(QString openingHours READ openingHours CONSTANT)
  Q_PROPERTY(bool cardNeedsPin READ cardNeedsPin CONSTANT)
  Q_PROPERTY(QStringList receiptWays READ receiptWays NOTIFY receiptChanged)
  /// A staff call waits (the "Call staff" button says so): until staff acknowledge it on the
  /// staff screen or the visit ends.
  Q_PROPERTY(bool staffCallWaiting READ staffCallWaiting NOTIFY staffCallChanged)

public:
  SessionController(KioskRuntime& kiosk, EngineThread& worker, OutcomeListModel& items, LoanListModel& loans,
                    HoldListModel& holds, LanguageController& language, Theme& theme, Speaker& speaker,
                    QObject* parent = nullptr);
  ~SessionController() override;

  /// A fleet `notice` (issue 23) in the notice bar: the text in the kiosk's current language (else
  /// English, else the first given) for `seconds`, unless a newer notice replaced it.
  void showFleetNotice(const std::map<std::string, std::string>& text, int seconds);

  QString screen() const { return m_screen; }
  QString flow() const { return m_flow; }
  bool busy() const { return m_busy > 0; }
  bool loggedIn() const { return m_patron.has_value(); }
  QString patronName() const;
  QStringList patronMessages() const;
  bool mayBorrow() const { return m_patron && !m_patron->blocked; }
  QString finesText() const;
  QStringList fineLines() const;
  QString cardOnPad() const { return m_cardOnPad; }
  QString padProgress() const;
  QString holdItem() const { return m_holdItem; }
  /// The welcome screen has looked at the pad since it appeared: a card laid from now on is a new
  /// arrival (what lay there before is not). Tests wait for it rather than for a fixed time.
  bool welcomeLookedAtPad() const { return m_padBaseline.has_value(); }
  QString mode() const;
  QString modeText() const;
  QString notice() const;
  bool noticeIsProblem() const { return m_noticeProblem; }
  int warningSecondsLeft() const { return m_warningLeft; }
  QString endReason() const { return m_endReason; }
  QStringList receiptLines() const;
  QStringList receiptHeader() const;
  QString receiptText() const { return (receiptHeader() + receiptLines()).join('\n'); }
  QStringList leftBehind() const;
  int goodbyeSecondsLeft() const { return m_goodbyeLeft; }
  bool receiptProvisional() const { return m_receipt && m_receipt->provisional; }
  const std::optional<circulation::Receipt>& receipt() const { return m_receipt; }
  QVariantList pickupBranches() const;
  bool training() const { return m_kiosk.ui().training; }
  QString payUrl() const { return QString::fromStdString(m_kiosk.ui().payUrl); }
  QString libraryName() const { return QString::fromStdString(m_kiosk.ui().brand.libraryName); }
  QString logoUrl() const {
    const auto& logo = m_kiosk.ui().brand.logo;
    return logo.empty() ? QString() : QUrl::fromLocalFile(QString::fromStdString(logo)).toString();
  }
  QString openingHours() const { return QString::fromStdString(m_kiosk.ui().brand.openingHours); }
  bool cardNeedsPin() const { return true; }
  /// The branch name patrons know for an ILS location code.
  QString branchName(const QString& code) const;

  // Welcome screen.
  Q_INVOKABLE void beginBorrow();
  Q_INVOKABLE void beginReturn();
  Q_INVOKABLE void beginAccount();
  // Identify screen: an empty card means the card on the pad (or the one a scanner read).
  Q_INVOKABLE void login(const QString& card, const QString& pin);
  /// A code from a barcode/QR scanner (on any screen): a patron card starts the visit at the PIN
  /// (as a card on the pad does); an item is borrowed during a visit and returned otherwise (and on
  /// the return screen); a staff card opens the staff PIN; anything else is said on screen.
  void scanned(const scan::Scan& code);
  // Check-out and return screens: the items now on the pad.
  Q_INVOKABLE void checkout();
  Q_INVOKABLE void checkin();
  // Account screen.
  Q_INVOKABLE void showAccount();
  Q_INVOKABLE void showCheckout();
  Q_INVOKABLE void renew(const QString& itemId);
  Q_INVOKABLE void renewAll();
  Q_INVOKABLE void showPlaceHold();
  Q_INVOKABLE void placeHold(const QString& itemId, const QString& pickup);
  /// Cancels a hold (the screen asked "Cancel reservation?" first). Once the library system
  /// confirms it, its row stays, marked cancelled, for undoSeconds: undoCancelHold places it again.
  Q_INVOKABLE void cancelHold(const QString& itemId, const QString& pickup);
  /// Places the hold just cancelled again, at the pickup branch it had; nothing once the row's
  /// time is up (or for another item).
  Q_INVOKABLE void undoCancelHold(const QString& itemId);
  /// How long a cancelled hold can be undone.
  static constexpr int undoSeconds = 8;
  /// "I am done": the receipt choice when there is something on it, else goodbye.
  Q_INVOKABLE void finish();
  /// The receipt choice ("print", "email", "screen", "none"); "screen" shows it, the rest end.
  Q_INVOKABLE void chooseReceipt(const QString& how);
  /// Ends the session now (after the receipt was shown on screen, or from "cancel").
  Q_INVOKABLE void endSession();
  /// The patron asked for more time (the timeout warning's button).
  Q_INVOKABLE void extendSession();
  /// "Call staff", on every patron screen: raises the kiosk's staff call (logged, counted, shown
  /// on the staff screen, the desk light on) and tells the patron someone is coming. Pressed
  /// again while the call waits, it only says so again.
  Q_INVOKABLE void callStaff();
  bool staffCallWaiting() const { return m_kiosk.staffCall().waiting(); }
  /// Any touch on the screen: the idle timer restarts.
  Q_INVOKABLE void touch();
  /// Back to the welcome screen (no patron logged in).
  Q_INVOKABLE void goHome();
  /// A receipt back-end wired by the composition root: print or email the receipt text (already in
  /// the patron's language) to `email`. Runs on the engine's thread (it may block on a printer or
  /// a mail relay). Returns an empty string on success, else what went wrong (for the log).
  using ReceiptSink = std::function<QString(const ReceiptText& text, const QString& how, const QString& email)>;
  /// The receipt as printed or mailed: heading, kiosk/date/card line, the lines.
  ReceiptText receiptForSending(const QString& libraryName) const;
  /// `ways` are the kinds the sink handles ("print", "email"); "screen" and "none" always exist.
  void setReceiptSink(ReceiptSink sink, QStringList ways) {
    m_receiptSink = std::move(sink);
    m_receiptWays = std::move(ways);
  }
  /// Whether the receipt choice offers `how` ("print", "email", "screen", "none").
  Q_INVOKABLE bool offersReceipt(const QString& how) const { return receiptWays().contains(how); }
  QStringList receiptWays() const {
    QStringList ways = m_receiptWays;
    if (!loggedIn()) ways.removeAll(QStringLiteral("email"));  // no card, no address
    return ways + QStringList{QStringLiteral("screen"), QStringLiteral("none")};
  }

  /// The staff PIN check; a staff card's number with the right PIN opens the staff screen.
  void setStaffAuth(StaffAuth* auth) { m_staffAuth = auth; }

  /// Shows a screen without a visit (the self-test renders each one; never used by screens).
  void showForSelfTest(const QString& screen) { setScreen(screen); }

  // Events from the engine (through ListenerBridge, on the GUI thread).
  void handleLogin(const circulation::LoginOutcome& o);
  void handleItem(const circulation::ItemOutcome& o);
  void handleCountMismatch(int expected, int found);
  void handleMode(const circulation::ModeChange& m);
  void handleWarning(const circulation::SessionWarning& w);
  void handleAccount(const ils::PatronAccount& a);
  void handleReceipt(const circulation::Receipt& r);
  void handleSessionEnded(circulation::SessionEndReason why);
  void handleStaffAlert(const circulation::StaffAlert& a);
  void handleMessage(circulation::Outcome code, const std::string& text);
  void handlePadProgress(int read, int total);

signals:
  void screenChanged();
  void busyChanged();
  void patronChanged();
  void cardOnPadChanged();
  void padProgressChanged();
  void holdItemChanged();
  void modeChanged();
  void noticeChanged();
  void warningChanged();
  void receiptChanged();
  void goodbyeTick();
  void leftBehindChanged();
  /// Something to read aloud: each screen's main message.
  void announce(const QString& text);
  void staffAlert(const QString& itemId, const QString& message);
  /// The patron's data is gone from the controller and models (session end, back to welcome).
  void wiped();
  /// A staff card and the right staff PIN: the staff screen opens.
  void staffEntered();
  /// The staff call was raised, acknowledged or ended with the visit.
  void staffCallChanged();

private:
  /// After the engine read a scanned code: what the screen does with it.
  void afterScan(const scan::Meaning& m, bool wasVisit);
  /// Runs `job` on the engine's thread; busy until it and its events are through.
  void run(std::function<void()> job);
  void setScreen(const QString& s);
  /// The notice is kept as its ingredients so a language switch re-words it.
  void setNotice(std::function<QString()> text, bool problem);
  void clearNotice();
  void wipe();
  /// One look at the pad from the checkout or return screen (m_padWatch).
  void watchPad();
  void deliverReceipt(const QString& how);
  void pollCard();
  void retranslate();
  /// An item not done in this visit, with what to do: "… Please leave it at the desk."
  QString notDoneLine(const circulation::ItemOutcome& o) const;

  KioskRuntime& m_kiosk;
  EngineThread& m_worker;
  OutcomeListModel& m_items;
  LoanListModel& m_loans;
  HoldListModel& m_holds;
  LanguageController& m_language;
  Theme& m_theme;
  Speaker& m_speaker;

  QString m_screen = QStringLiteral("welcome");
  QString m_flow;  ///< flow(): follows the screens (setScreen)
  QString m_next;  ///< the screen after identify ("checkout" or "account")
  int m_busy = 0;
  std::optional<circulation::PatronView> m_patron;
  std::vector<ils::FineLine> m_fines;
  QString m_currency;
  QString m_email;  ///< from the account (SIP2 BE), for an emailed receipt; wiped
  QString m_cardOnPad;
  bool m_cardScanned = false;  ///< m_cardOnPad stands for the card a scanner read (the engine has it)
  /// On the welcome screen: the card the pad held at the last look (empty: none; unset: not looked
  /// yet), so that only a card laid down since starts a visit.
  std::optional<QString> m_padBaseline;
  circulation::Mode m_mode = circulation::Mode::online;
  std::function<QString()> m_notice;
  bool m_noticeProblem = false;
  int m_fleetNotice = 0;  ///< the generation of the fleet notice shown (a newer one outlives an older's timer)
  int m_warningLeft = 0;
  QString m_endReason;
  std::optional<circulation::Receipt> m_receipt;
  ReceiptSink m_receiptSink;
  StaffAuth* m_staffAuth = nullptr;
  QStringList m_receiptWays;
  QTimer m_countdown;
  QTimer m_goodbye;
  QTimer m_goodbyeTick;
  int m_goodbyeLeft = 0;
  /// The items not done in this visit, kept from "Finish" to the receipt and the goodbye.
  std::vector<circulation::ItemOutcome> m_notDone;
  /// What the goodbye repeats (worded at read time, so a language switch re-words it).
  std::vector<circulation::ItemOutcome> m_leftBehind;
  QTimer m_cardPoll;
  /// The hold being cancelled (as listed, with its pickup branch), then the one that can be undone.
  std::optional<ils::HoldLine> m_cancelling, m_undoable;
  QTimer m_undo;
  /// The checkout and return screens watch the pad: what is laid down is lent or returned as it
  /// arrives, without a button.
  QTimer m_padWatch;
  bool m_watching = false;  ///< a look at the pad is on the engine's thread now
  int m_padRead = 0, m_padTotal = 0;  ///< the pad's reading progress (padProgress)
  QString m_holdItem;  ///< the reserve screen's item, from the pad or a scanner
  /// The staff screen closes itself after a minute untouched: an unattended kiosk must not stay
  /// open on it (it can leave the app for the desktop).
  QTimer m_staffIdle;
  bool m_polling = false;
  qint64 m_lastTouchMs = 0;
};

} // namespace lasis::kiosk
