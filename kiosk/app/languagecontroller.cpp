#include "kiosk/app/languagecontroller.h"

#include <QCoreApplication>
#include <QFile>
#include <QQmlEngine>
#include <QVariantMap>

namespace lasis::kiosk {

namespace {

QString qmPath(const QString& code) { return QStringLiteral(":/i18n/lasis_%1.qm").arg(code); }

/// The locale that formats dates and money for a language code (Latvia, Lithuania, Ukraine,
/// and the regions where English and Russian speakers at these kiosks live).
QLocale localeFor(const QString& code) {
  if (code == QLatin1String("lv")) return QLocale(QLocale::Latvian, QLocale::Latvia);
  if (code == QLatin1String("lt")) return QLocale(QLocale::Lithuanian, QLocale::Lithuania);
  if (code == QLatin1String("uk")) return QLocale(QLocale::Ukrainian, QLocale::Ukraine);
  if (code == QLatin1String("ru")) return QLocale(QLocale::Russian, QLocale::Latvia);
  return QLocale(QLocale::English, QLocale::Ireland);  // day-month-year, euro
}

QString nativeName(const QString& code) {
  if (code == QLatin1String("lv")) return QStringLiteral("Latviešu");
  if (code == QLatin1String("lt")) return QStringLiteral("Lietuvių");
  if (code == QLatin1String("uk")) return QStringLiteral("Українська");
  if (code == QLatin1String("ru")) return QStringLiteral("Русский");
  return QStringLiteral("English");
}

} // namespace

LanguageController::LanguageController(std::vector<QString> codes, QString defaultCode, QObject* parent)
    : QObject(parent), m_codes(std::move(codes)), m_default(std::move(defaultCode)) {
  setLanguage(m_default);
}

LanguageController::~LanguageController() {
  if (m_translator) QCoreApplication::removeTranslator(m_translator.get());
}

QVariantList LanguageController::languages() const {
  QVariantList out;
  for (const auto& c : m_codes) out.push_back(QVariantMap{{"code", c}, {"name", nativeName(c)}});
  return out;
}

bool LanguageController::hasTranslation(const QString& code) { return QFile::exists(qmPath(code)); }

bool LanguageController::setLanguage(const QString& code) {
  if (std::find(m_codes.begin(), m_codes.end(), code) == m_codes.end()) return false;
  if (code == m_current) return true;
  if (m_translator) {
    QCoreApplication::removeTranslator(m_translator.get());
    m_translator.reset();
  }
  auto translator = std::make_unique<QTranslator>();
  if (translator->load(qmPath(code))) {
    QCoreApplication::installTranslator(translator.get());
    m_translator = std::move(translator);
  }
  m_current = code;
  m_locale = localeFor(code);
  if (m_engine) m_engine->retranslate();
  emit currentChanged();
  return true;
}

} // namespace lasis::kiosk
