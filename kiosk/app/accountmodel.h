#pragma once
// The patron's account as the account screen lists it: loans with due dates and overdue marks,
// holds with queue position and pickup branch, fines. One model per list, filled from the ILS's
// answer (SIP2 63/64); wiped at session end.

#include "common/ils/ils.h"

#include <QAbstractListModel>
#include <QLocale>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>
#include <vector>

namespace lasis::kiosk {

/// The patron's loans.
class LoanListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its models")
  Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
  Q_PROPERTY(int overdueCount READ overdueCount NOTIFY countChanged)

public:
  enum Role { ItemIdRole = Qt::UserRole + 1, TitleRole, DueTextRole, OverdueRole };
  explicit LoanListModel(QObject* parent = nullptr);
  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;
  void setLoans(std::vector<ils::LoanLine> loans);
  void setLocale(const QLocale& locale);
  int overdueCount() const;

signals:
  void countChanged();

private:
  std::vector<ils::LoanLine> m_rows;
  QLocale m_locale;
};

/// The patron's holds (reservations).
class HoldListModel : public QAbstractListModel {
  Q_OBJECT
  QML_ELEMENT
  QML_UNCREATABLE("the kiosk owns its models")
  Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
  enum Role { ItemIdRole = Qt::UserRole + 1, TitleRole, StatusTextRole, PickupRole, PickupNameRole, AvailableRole, CancelledRole };
  /// `branchName` turns an ILS location code into the name patrons know.
  explicit HoldListModel(std::function<QString(const QString&)> branchName, QObject* parent = nullptr);
  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;
  QHash<int, QByteArray> roleNames() const override;
  void setHolds(std::vector<ils::HoldLine> holds);
  void setLocale(const QLocale& locale);
  /// The hold listed for `itemId`, if any.
  std::optional<ils::HoldLine> hold(const QString& itemId) const;
  /// A hold just cancelled stays on its row, marked `cancelled` ("Cancelled — Undo"), while it can
  /// be undone, even though the library system no longer lists it; nullopt removes the row.
  void setCancelled(std::optional<ils::HoldLine> line);

signals:
  void countChanged();

private:
  void rebuild();

  std::vector<ils::HoldLine> m_fromIls;  ///< as the library system lists them (sorted)
  std::vector<ils::HoldLine> m_rows;     ///< what the screen lists: m_fromIls and the cancelled row
  std::optional<ils::HoldLine> m_cancelled;
  std::size_t m_cancelledAt = 0;  ///< the cancelled hold's row when it was cancelled
  std::function<QString(const QString&)> m_branchName;
  QLocale m_locale;
};

} // namespace lasis::kiosk
