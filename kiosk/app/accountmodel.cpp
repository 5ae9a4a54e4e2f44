#include "kiosk/app/accountmodel.h"

#include "kiosk/app/patrontext.h"

#include <QCoreApplication>

#include <algorithm>

namespace lasis::kiosk {

LoanListModel::LoanListModel(QObject* parent) : QAbstractListModel(parent) {}

int LoanListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant LoanListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& l = m_rows[static_cast<std::size_t>(index.row())];
  switch (role) {
  case ItemIdRole: return QString::fromStdString(l.itemId);
  case TitleRole: return QString::fromStdString(l.title.empty() ? l.itemId : l.title);
  case DueTextRole:
    if (!l.dueDate) return QString();
    return l.overdue
               //: Account screen, a loan past its due date; %1 is the date
               ? QCoreApplication::translate("AccountModel", "Overdue since %1").arg(PatronText::date(*l.dueDate, m_locale))
               //: Account screen; %1 is "until <due date>" with its preposition, in the language's form ("by 26 December 2026")
               : QCoreApplication::translate("AccountModel", "Due back %1").arg(PatronText::dueBy(*l.dueDate, m_locale, true));
  case OverdueRole: return l.overdue;
  default: return {};
  }
}

QHash<int, QByteArray> LoanListModel::roleNames() const {
  return {{ItemIdRole, "itemId"}, {TitleRole, "title"}, {DueTextRole, "dueText"}, {OverdueRole, "overdue"}};
}

void LoanListModel::setLoans(std::vector<ils::LoanLine> loans) {
  beginResetModel();
  m_rows = std::move(loans);
  endResetModel();
  emit countChanged();
}

void LoanListModel::setLocale(const QLocale& locale) {
  m_locale = locale;
  if (!m_rows.empty()) emit dataChanged(index(0), index(rowCount() - 1));
}

int LoanListModel::overdueCount() const {
  return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const auto& l) { return l.overdue; }));
}

HoldListModel::HoldListModel(std::function<QString(const QString&)> branchName, QObject* parent)
    : QAbstractListModel(parent), m_branchName(std::move(branchName)) {}

int HoldListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant HoldListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const auto& h = m_rows[static_cast<std::size_t>(index.row())];
  const QString pickup = QString::fromStdString(h.pickupLocation);
  switch (role) {
  case ItemIdRole: return QString::fromStdString(h.itemId);
  case TitleRole: return QString::fromStdString(h.title.empty() ? h.itemId : h.title);
  case CancelledRole: return m_cancelled && m_cancelled->itemId == h.itemId;
  case StatusTextRole: {
    if (m_cancelled && m_cancelled->itemId == h.itemId)
      //: Account screen: a reservation just cancelled (an Undo button follows for a few seconds)
      return QCoreApplication::translate("AccountModel", "Cancelled");
    // SIP2 64 lists held items only; a queue place and pickup branch show when the ILS gives them.
    const QString where = pickup.isEmpty() ? QString() : m_branchName(pickup);
    if (h.available)
      return where.isEmpty()
                 //: Account screen: a reserved item is waiting on the hold shelf
                 ? QCoreApplication::translate("AccountModel", "Ready for you on the reservations shelf")
                 //: Account screen: a reserved item is ready; %1 is the branch
                 : QCoreApplication::translate("AccountModel", "Ready for you at %1").arg(where);
    if (h.queuePosition && !where.isEmpty())
      //: Account screen: place in the queue for a reserved item (%1), pickup branch (%2)
      return QCoreApplication::translate("AccountModel", "Number %1 in the queue, pick up at %2")
          .arg(m_locale.toString(*h.queuePosition), where);
    if (h.queuePosition)
      //: Account screen: place in the queue for a reserved item
      return QCoreApplication::translate("AccountModel", "Number %1 in the queue").arg(m_locale.toString(*h.queuePosition));
    if (!where.isEmpty())
      return QCoreApplication::translate("AccountModel", "Waiting, pick up at %1").arg(where);
    //: Account screen: a reservation not yet ready
    return QCoreApplication::translate("AccountModel", "Waiting for your turn");
  }
  case PickupRole: return pickup;
  case PickupNameRole: return m_branchName(pickup);
  case AvailableRole: return h.available;
  default: return {};
  }
}

QHash<int, QByteArray> HoldListModel::roleNames() const {
  return {{ItemIdRole, "itemId"}, {TitleRole, "title"}, {StatusTextRole, "statusText"},
          {PickupRole, "pickup"}, {PickupNameRole, "pickupName"}, {AvailableRole, "available"},
          {CancelledRole, "cancelled"}};
}

void HoldListModel::setHolds(std::vector<ils::HoldLine> holds) {
  beginResetModel();
  // What the patron can take home today first, then what they still wait for (each in the ILS's order).
  std::stable_partition(holds.begin(), holds.end(), [](const ils::HoldLine& h) { return h.available; });
  m_fromIls = std::move(holds);
  rebuild();
  endResetModel();
  emit countChanged();
}

std::optional<ils::HoldLine> HoldListModel::hold(const QString& itemId) const {
  for (const auto& h : m_rows)
    if (QString::fromStdString(h.itemId) == itemId) return h;
  return std::nullopt;
}

void HoldListModel::setCancelled(std::optional<ils::HoldLine> line) {
  beginResetModel();
  if (line) {
    m_cancelledAt = 0;
    while (m_cancelledAt < m_rows.size() && m_rows[m_cancelledAt].itemId != line->itemId) ++m_cancelledAt;
  }
  m_cancelled = std::move(line);
  rebuild();
  endResetModel();
  emit countChanged();
}

void HoldListModel::rebuild() {
  m_rows = m_fromIls;
  if (!m_cancelled) return;
  // Where it was, unless the library system lists it again (undone elsewhere, or not yet gone).
  for (const auto& h : m_rows)
    if (h.itemId == m_cancelled->itemId) return;
  m_rows.insert(m_rows.begin() + static_cast<std::ptrdiff_t>(std::min(m_cancelledAt, m_rows.size())), *m_cancelled);
}

void HoldListModel::setLocale(const QLocale& locale) {
  m_locale = locale;
  if (!m_rows.empty()) emit dataChanged(index(0), index(rowCount() - 1));
}

} // namespace lasis::kiosk
