#include "kiosk/app/kioskui.h"

#include "kiosk/app/accountmodel.h"
#include "kiosk/app/enginethread.h"
#include "kiosk/app/kiosk.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/receiptsender.h"
#include "kiosk/app/screenreader.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/speaker.h"
#include "kiosk/app/staffcontroller.h"
#include "kiosk/app/theme.h"
#include "kiosk/runtime/speechkey.h"
#include "kiosk/staff/staffauth.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFont>
#include <QFontInfo>
#include <QGuiApplication>
#include <QPointer>
#include <QQmlApplicationEngine>
#include <QQuickWindow>


namespace lasis::kiosk {

std::unique_ptr<KioskUi> KioskUi::open(const KioskOptions& options, const Clock& clock, OpenError& error) {
  std::unique_ptr<KioskUi> ui(new KioskUi);
  ui->m_runtime = KioskRuntime::open(options, clock, ui->m_bridge, error);
  if (!ui->m_runtime) return nullptr;
  KioskRuntime* rt = ui->m_runtime.get();
  // The tick drives the idle timeout and the offline probe, then replays the queue.
  ui->m_worker = std::make_unique<EngineThread>([rt] { rt->tick(); });
  std::vector<QString> codes;
  for (const auto& c : rt->ui().languages) codes.push_back(QString::fromStdString(c));
  ui->m_language = std::make_unique<LanguageController>(codes, QString::fromStdString(rt->ui().language));
  ui->m_items = std::make_unique<OutcomeListModel>();
  ui->m_items->setSigns(rt->config());
  ui->m_loans = std::make_unique<LoanListModel>();
  KioskUi* self = ui.get();
  ui->m_holds = std::make_unique<HoldListModel>([self](const QString& code) { return self->m_session->branchName(code); });
  ui->m_theme = std::make_unique<Theme>();
  if (const auto& accent = rt->ui().brand.accent) ui->m_theme->setBrandAccent(QColor(accent->r, accent->g, accent->b));
  ui->m_theme->setReducedMotionDefault(rt->ui().reducedMotion);
  {
    Speaker::Options speech;
    speech.engine = QString::fromStdString(rt->speech().engine);
    speech.sink = QString::fromStdString(rt->speech().sink);
    speech.languages.clear();
    for (const auto& c : codes) speech.languages << c;
    ui->m_speaker = std::make_unique<Speaker>(speech);
  }
  // The speak key: the first press starts speech and reads the screen, each further one repeats.
  if (!rt->speech().keyDevice.empty()) {
    ui->m_speechKey = std::make_unique<SpeechKey>(QString::fromStdString(rt->speech().keyDevice), rt->speech().keyCode);
    Speaker* speaker = ui->m_speaker.get();
    connect(ui->m_speechKey.get(), &SpeechKey::pressed, speaker, [speaker] {
      if (speaker->speechOn()) speaker->repeat();
      else speaker->start();
    });
  }
  ui->m_session = std::make_unique<SessionController>(*rt, *ui->m_worker, *ui->m_items, *ui->m_loans, *ui->m_holds,
                                                      *ui->m_language, *ui->m_theme, *ui->m_speaker);
  ui->m_bridge.setReceiver(ui->m_session.get());
  // Receipts on paper and by email, when [receipt] configures them.
  auto sender = std::make_shared<ReceiptSender>(rt->receipts());
  QStringList ways;
  if (sender->canPrint()) ways << QStringLiteral("print");
  if (sender->canEmail()) ways << QStringLiteral("email");
  // A printed receipt is in the code page of its language (ReceiptText::language, set where the
  // text is written, on the GUI thread, in the patron's language).
  ui->m_session->setReceiptSink(
      [sender](const ReceiptText& text, const QString& how, const QString& email) {
        if (how == QLatin1String("print")) return sender->print(text);
        //: Subject of the emailed receipt
        return sender->email(text, email, QCoreApplication::translate("SessionController", "Your library receipt"));
      },
      ways);
  // Staff: a staff card and the staff PIN (an Argon2id hash in a 0600 file). A missing or unsafe
  // hash file leaves the staff screen shut (logged), never open.
  std::string hash;
  if (!rt->staff().pinHashFile.empty()) {
    if (auto h = StaffAuth::readHash(rt->staff().pinHashFile)) hash = *h;
    else qWarning("staff screen disabled: %s", h.error().describe().c_str());
  }
  ui->m_staffAuth = std::make_unique<StaffAuth>(hash, hash.empty() ? std::vector<std::string>{} : rt->staff().cards, clock);
  ui->m_session->setStaffAuth(ui->m_staffAuth.get());
  ui->m_staff = std::make_unique<StaffController>(*rt, *ui->m_worker, QCoreApplication::arguments());
  connect(ui->m_session.get(), &SessionController::staffEntered, ui->m_staff.get(), &StaffController::refresh);
  // The staff call changes on the screen's thread (raised, acknowledged) or the engine's (the
  // visit ended): both screens hear of it on the GUI thread.
  {
    QPointer<SessionController> session = ui->m_session.get();
    QPointer<StaffController> staff = ui->m_staff.get();
    rt->staffCall().setOnChange([session, staff] {
      QMetaObject::invokeMethod(qApp, [session, staff] {
        if (session) emit session->staffCallChanged();
        if (staff) emit staff->changed();
      }, Qt::QueuedConnection);
    });
  }
  ui->m_kiosk = std::make_unique<Kiosk>(ui->m_session.get(), ui->m_items.get(), ui->m_loans.get(), ui->m_holds.get(),
                                        ui->m_language.get(), ui->m_theme.get(), ui->m_speaker.get(), ui->m_staff.get(),
                                        QString::fromStdString(rt->config().kioskId));
  // A fleet notice (issue 23): from the engine's thread to the notice bar on the GUI thread.
  {
    QPointer<SessionController> notices = ui->m_session.get();
    rt->setNoticeSink([notices](const fleet::NoticeArgs& n) {
      const int seconds = static_cast<int>(n.shownFor.count());
      QMetaObject::invokeMethod(qApp, [notices, text = n.text, seconds] {
        if (notices) notices->showFleetNotice(text, seconds);
      }, Qt::QueuedConnection);
      return true;
    });
  }
  // Barcode/QR scanners: each code to the session controller on the GUI thread, which hands it
  // to the engine's thread like any screen action.
  QPointer<SessionController> session = ui->m_session.get();
  rt->startScanners([session](const scan::Scan& s) {
    QMetaObject::invokeMethod(session, [session, s] { if (session) session->scanned(s); }, Qt::QueuedConnection);
  });
  if (rt->pending() < 0) {
    circulation::ModeChange broken{circulation::Mode::outOfOrder, rt->recoveryError()};
    ui->m_session->handleMode(broken);
  } else if (auto faults = rt->engine().faults(); !faults.empty()) {
    // Out of order from the start (no reader yet, a read-only database): said before the
    // bridge had a receiver, so the screen is told here.
    ui->m_session->handleMode(circulation::ModeChange{circulation::Mode::outOfOrder, faults.begin()->second,
                                                      faults.begin()->first});
  }
  return ui;
}

KioskUi::~KioskUi() {
  // Screens first (they bind to the controllers), then the engine's thread (it calls the
  // runtime), then the rest in reverse order of building.
  m_screenReader.reset();
  m_qml.reset();
  if (m_runtime) m_runtime->stopScanners();  // no code arrives for a screen that is going away
  if (m_worker) {
    if (m_runtime) m_worker->runAndWait([this] { m_runtime->engine().endSession(circulation::SessionEndReason::done); });
    m_worker->stop();
  }
  m_bridge.setReceiver(nullptr);
}

bool KioskUi::load(bool shown) {
  // The typeface of every screen (Theme::fontFamily: Noto Sans, a Debian dependency), set before
  // the first one loads: Text items take the application's font.
  // Without it (fonts-noto-core missing) the screens still work in fontconfig's choice, and say so.
  QFont font = QGuiApplication::font();
  font.setFamilies({m_theme->fontFamily()});
  QGuiApplication::setFont(font);
  if (const QString got = QFontInfo(font).family(); got != m_theme->fontFamily())
    qWarning("typeface %s is not installed (package fonts-noto-core): the screens use %s, and may not fit as tested",
             qPrintable(m_theme->fontFamily()), qPrintable(got));
  // Drawn by the CPU (no GPU: the software scene graph), every moving frame costs the processor
  // the patron's visit runs on: the pictures stand still.
  const bool software = QQuickWindow::sceneGraphBackend() == QLatin1String("software") ||
                        qEnvironmentVariable("QT_QUICK_BACKEND") == QLatin1String("software");
  if (software && !m_theme->reducedMotion()) {
    qInfo("software rendering: the pictures stand still (no GPU to move them)");
    m_theme->setReducedMotionDefault(true);
  }
  Kiosk::setInstance(m_kiosk.get());
  m_qml = std::make_unique<QQmlApplicationEngine>();
  m_qml->addImportPath(QStringLiteral("qrc:/"));
  if (!shown) m_qml->setInitialProperties({{QStringLiteral("visible"), false}});
  m_language->setEngine(m_qml.get());
  m_qml->load(QUrl(QStringLiteral("qrc:/Lasis/Kiosk/Main.qml")));
  Kiosk::setInstance(nullptr);
  QQuickWindow* w = window();
  if (!w) return false;
  w->installEventFilter(this);
  m_screenReader = std::make_unique<ScreenReader>(w, *m_session, *m_language, *m_speaker);
  // At every wipe the JavaScript heap is collected too: the patron's strings do not linger in
  // it, and a kiosk that runs for months does not grow from visit to visit.
  connect(m_session.get(), &SessionController::wiped, m_qml.get(), [this] { m_qml->collectGarbage(); },
          Qt::QueuedConnection);
  return true;
}

QQuickWindow* KioskUi::window() const {
  if (!m_qml || m_qml->rootObjects().isEmpty()) return nullptr;
  return qobject_cast<QQuickWindow*>(m_qml->rootObjects().first());
}

bool KioskUi::eventFilter(QObject* watched, QEvent* event) {
  switch (event->type()) {
  case QEvent::MouseButtonPress:
  case QEvent::TouchBegin:
  case QEvent::KeyPress: m_session->touch(); break;
  default: break;
  }
  return QObject::eventFilter(watched, event);
}

} // namespace lasis::kiosk
