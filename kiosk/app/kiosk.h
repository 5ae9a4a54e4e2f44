#pragma once
// The one object QML sees (`Kiosk`): the session, its models, the language, the look, the
// speaker. Built by the composition root (KioskUi) before QML loads; QML gets it as a singleton
// through create(), so the screens hold no logic and tests can build a kiosk of their own.

#include "kiosk/app/accountmodel.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/speaker.h"
#include "kiosk/app/staffcontroller.h"
#include "kiosk/app/theme.h"

#include <QObject>
#include <QQmlEngine>
#include <QtQml/qqmlregistration.h>

namespace lasis::kiosk {

/// Everything the screens bind to.
class Kiosk : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_SINGLETON
  Q_PROPERTY(lasis::kiosk::SessionController* session READ session CONSTANT)
  Q_PROPERTY(lasis::kiosk::OutcomeListModel* items READ items CONSTANT)
  Q_PROPERTY(lasis::kiosk::LoanListModel* loans READ loans CONSTANT)
  Q_PROPERTY(lasis::kiosk::HoldListModel* holds READ holds CONSTANT)
  Q_PROPERTY(lasis::kiosk::LanguageController* language READ language CONSTANT)
  Q_PROPERTY(lasis::kiosk::Theme* theme READ theme CONSTANT)
  Q_PROPERTY(lasis::kiosk::Speaker* speaker READ speaker CONSTANT)
  Q_PROPERTY(lasis::kiosk::StaffController* staff READ staff CONSTANT)
  Q_PROPERTY(QString kioskId READ kioskId CONSTANT)

public:
  Kiosk(SessionController* session, OutcomeListModel* items, LoanListModel* loans, HoldListModel* holds,
        LanguageController* language, Theme* theme, Speaker* speaker, StaffController* staff, QString kioskId,
        QObject* parent = nullptr);

  SessionController* session() const { return m_session; }
  OutcomeListModel* items() const { return m_items; }
  LoanListModel* loans() const { return m_loans; }
  HoldListModel* holds() const { return m_holds; }
  LanguageController* language() const { return m_language; }
  Theme* theme() const { return m_theme; }
  Speaker* speaker() const { return m_speaker; }
  StaffController* staff() const { return m_staff; }
  QString kioskId() const { return m_kioskId; }

  /// The instance the next QML engine gets (set by KioskUi just before it loads QML).
  static void setInstance(Kiosk* k);
  /// QML's singleton factory: hands out the composition root's instance (owned by C++).
  static Kiosk* create(QQmlEngine* qml, QJSEngine* js);

private:
  SessionController* m_session;
  OutcomeListModel* m_items;
  LoanListModel* m_loans;
  HoldListModel* m_holds;
  LanguageController* m_language;
  Theme* m_theme;
  Speaker* m_speaker;
  StaffController* m_staff;
  QString m_kioskId;
};

} // namespace lasis::kiosk
