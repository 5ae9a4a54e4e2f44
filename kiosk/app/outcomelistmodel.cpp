#include "kiosk/app/outcomelistmodel.h"

#include "kiosk/app/patrontext.h"

#include <algorithm>

namespace lasis::kiosk {

OutcomeListModel::OutcomeListModel(QObject* parent) : QAbstractListModel(parent) {}

int OutcomeListModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

QVariant OutcomeListModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() < 0 || index.row() >= rowCount()) return {};
  const auto& o = m_rows[static_cast<std::size_t>(index.row())];
  switch (role) {
  case ItemIdRole: return QString::fromStdString(o.itemId);
  case TitleRole: return QString::fromStdString(o.title.empty() ? o.itemId : o.title);
  case OkRole: return o.ok;
  case TextRole: return PatronText::outcome(o, m_locale, false);
  case DueRole: return PatronText::dueShort(o, m_locale);
  case IlsTextRole: return PatronText::ilsText(o);
  case HintRole: return PatronText::sortHint(o);
  case ProvisionalRole: return o.provisional;
  case SeeStaffRole:  // a book lifted too soon goes back on the pad, not to the desk
    return o.seeStaff || (!o.ok && o.reason != circulation::Outcome::offlineLimit && o.reason != circulation::Outcome::lifted);
  case ActionRole: return QString::fromUtf8(circulation::toString(o.action).data());
  case IlsGivenRole: return !PatronText::ilsText(o).isEmpty();
  case DestinationRole: return destination(o);
  case SignRole: return QString::fromStdString(sign(o).label);
  case SignColourRole: return QString::fromStdString(sign(o).colour);
  default: return {};
  }
}

QHash<int, QByteArray> OutcomeListModel::roleNames() const {
  return {{ItemIdRole, "itemId"}, {TitleRole, "title"},         {OkRole, "ok"},
          {TextRole, "text"},     {HintRole, "hint"},           {ProvisionalRole, "provisional"},
          {SeeStaffRole, "seeStaff"}, {ActionRole, "action"}, {IlsGivenRole, "ilsGiven"},
          {DueRole, "due"},       {IlsTextRole, "ilsText"}, {DestinationRole, "destination"},
          {SignRole, "sign"},     {SignColourRole, "signColour"}};
}

void OutcomeListModel::setSigns(const circulation::CirculationConfig& config) {
  m_trolley = config.trolleySign;
  m_box = config.boxSign;
  m_shelf = config.shelfSign;
  m_bins = config.binSigns;
}

QString OutcomeListModel::destination(const circulation::ItemOutcome& o) const {
  if (o.action != circulation::Action::checkin || !o.ok) return {};
  using circulation::SortHint;
  switch (o.sortHint) {
  case SortHint::holdHere: return QStringLiteral("shelf");
  case SortHint::bin: return QStringLiteral("bin");
  case SortHint::holdOtherBranch:
  case SortHint::otherBranch: return QStringLiteral("box");
  default: return QStringLiteral("trolley");
  }
}

circulation::CirculationConfig::Sign OutcomeListModel::sign(const circulation::ItemOutcome& o) const {
  const QString d = destination(o);
  if (d == QLatin1String("shelf")) return m_shelf;
  if (d == QLatin1String("box")) return m_box;
  if (d == QLatin1String("trolley")) return m_trolley;
  if (d == QLatin1String("bin")) {
    // A sort bin has its own sign or none: the trolley's would send the patron elsewhere.
    const auto it = m_bins.find(o.sortBin);
    return it != m_bins.end() ? it->second : circulation::CirculationConfig::Sign{};
  }
  return {};
}

void OutcomeListModel::add(const circulation::ItemOutcome& o) {
  auto it = std::find_if(m_rows.begin(), m_rows.end(),
                         [&](const auto& r) { return r.itemId == o.itemId && r.action == o.action; });
  if (it != m_rows.end()) {
    *it = o;
    const auto row = static_cast<int>(it - m_rows.begin());
    emit dataChanged(index(row), index(row));
  } else {
    const int row = rowCount();
    beginInsertRows({}, row, row);
    m_rows.push_back(o);
    endInsertRows();
  }
  emit countChanged();
}

void OutcomeListModel::clear() {
  beginResetModel();
  m_rows.clear();
  endResetModel();
  emit countChanged();
}

void OutcomeListModel::setLocale(const QLocale& locale) {
  m_locale = locale;
  if (!m_rows.empty()) emit dataChanged(index(0), index(rowCount() - 1));
}

int OutcomeListModel::okCount() const {
  return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(), [](const auto& r) { return r.ok; }));
}

int OutcomeListModel::problemCount() const { return rowCount() - okCount(); }

std::vector<circulation::ItemOutcome> OutcomeListModel::notDone() const {
  std::vector<circulation::ItemOutcome> out;
  for (const auto& r : m_rows)
    if (!r.ok) out.push_back(r);
  return out;
}

} // namespace lasis::kiosk
