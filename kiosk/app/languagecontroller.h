#pragma once
// The language on screen: five offered (Latvian, Lithuanian, Ukrainian, English, Russian), one
// default per kiosk that comes back after every session. Switching installs the compiled
// translation (lrelease at build time, embedded under :/i18n) and asks QML to re-evaluate every
// qsTr, so it works on any screen mid-session; dates and numbers follow the language's locale.

#include <QLocale>
#include <QObject>
#include <QTranslator>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <vector>

class QQmlEngine;

namespace lasis::kiosk {

/// Which language the kiosk speaks, and switching it.
class LanguageController : public QObject {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its language")
  Q_PROPERTY(QString current READ current NOTIFY currentChanged)
  Q_PROPERTY(QVariantList languages READ languages CONSTANT)

public:
  /// `codes` in the order offered; `defaultCode` is used at start and after every session.
  LanguageController(std::vector<QString> codes, QString defaultCode, QObject* parent = nullptr);
  ~LanguageController() override;

  /// The QML engine to retranslate on a switch (set once the UI is loaded).
  void setEngine(QQmlEngine* engine) { m_engine = engine; }
  QString current() const { return m_current; }
  /// [{code, name}] with each language named in itself ("Latviešu", "Українська").
  QVariantList languages() const;
  QLocale locale() const { return m_locale; }
  QString defaultLanguage() const { return m_default; }
  /// Whether a compiled translation exists for `code` (English is the source language).
  static bool hasTranslation(const QString& code);

  Q_INVOKABLE bool setLanguage(const QString& code);
  /// Back to the kiosk's default (the next patron starts there).
  void reset() { setLanguage(m_default); }

signals:
  void currentChanged();

private:
  std::vector<QString> m_codes;
  QString m_default;
  QString m_current;
  QLocale m_locale;
  std::unique_ptr<QTranslator> m_translator;
  QQmlEngine* m_engine = nullptr;
};

} // namespace lasis::kiosk
