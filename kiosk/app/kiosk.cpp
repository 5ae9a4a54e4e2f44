#include "kiosk/app/kiosk.h"

#include "kiosk/app/accountmodel.h"
#include "kiosk/app/languagecontroller.h"
#include "kiosk/app/outcomelistmodel.h"
#include "kiosk/app/sessioncontroller.h"
#include "kiosk/app/speaker.h"
#include "kiosk/app/theme.h"

namespace lasis::kiosk {

namespace {
// Only the hand-over from the composition root to QML's singleton factory; not a global kiosk:
// KioskUi owns the object, and each QML engine it builds receives it exactly once.
Kiosk* g_next = nullptr;
} // namespace

Kiosk::Kiosk(SessionController* session, OutcomeListModel* items, LoanListModel* loans, HoldListModel* holds,
             LanguageController* language, Theme* theme, Speaker* speaker, StaffController* staff, QString kioskId,
             QObject* parent)
    : QObject(parent), m_session(session), m_items(items), m_loans(loans), m_holds(holds), m_language(language),
      m_theme(theme), m_speaker(speaker), m_staff(staff), m_kioskId(std::move(kioskId)) {}

void Kiosk::setInstance(Kiosk* k) { g_next = k; }

Kiosk* Kiosk::create(QQmlEngine*, QJSEngine*) {
  Kiosk* k = g_next;
  if (k) QQmlEngine::setObjectOwnership(k, QQmlEngine::CppOwnership);
  return k;
}

} // namespace lasis::kiosk
