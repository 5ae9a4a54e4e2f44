#pragma once
// The items of the current session as the checkout and return screens list them: one row per
// item, added the moment the engine finishes it, updated when the same item comes back (a renewal
// after a checkout). Text is made at read time in the chosen language, so switching language
// mid-session re-words every row.

#include "common/circulation/circulationconfig.h"
#include "common/circulation/events.h"

#include <QAbstractListModel>
#include <QLocale>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace lasis::kiosk {

/// Items processed in this session, for the checkout and return screens.
class OutcomeListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its models")
  Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
  Q_PROPERTY(int okCount READ okCount NOTIFY countChanged)
  Q_PROPERTY(int problemCount READ problemCount NOTIFY countChanged)

public:
  enum Role { ItemIdRole = Qt::UserRole + 1, TitleRole, OkRole, TextRole, HintRole, ProvisionalRole, SeeStaffRole, ActionRole, IlsGivenRole, DueRole, IlsTextRole,
              DestinationRole, SignRole, SignColourRole };
  explicit OutcomeListModel(QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;

  /// Adds the item, or replaces the row of the same item and action.
  void add(const circulation::ItemOutcome& o);
  /// Wipes every row (session end: nothing of the patron stays on screen).
  void clear();
  void setLocale(const QLocale& locale);
  /// The signs at the branch over the trolley, the box, the reservations shelf and each sort bin
  /// ([returns] in the config): a returned item's row shows the one it goes to.
  void setSigns(const circulation::CirculationConfig& config);
  int okCount() const;
  int problemCount() const;
  /// The items not lent (or not returned) in this session, in the order they came.
  std::vector<circulation::ItemOutcome> notDone() const;

signals:
  void countChanged();

private:
  std::vector<circulation::ItemOutcome> m_rows;
  QLocale m_locale;
  circulation::CirculationConfig::Sign m_trolley, m_box, m_shelf;
  std::map<std::string, circulation::CirculationConfig::Sign> m_bins;
  /// Where a returned item goes ("trolley", "box", "shelf", "bin"; "" for a loan or a refusal) and
  /// the sign over it.
  QString destination(const circulation::ItemOutcome& o) const;
  circulation::CirculationConfig::Sign sign(const circulation::ItemOutcome& o) const;
};

} // namespace lasis::kiosk
