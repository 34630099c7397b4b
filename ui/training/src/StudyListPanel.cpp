#include "training/StudyListPanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace delineate::ui {
namespace {

constexpr int kIndexRole = Qt::UserRole;
constexpr int kSortRole = Qt::UserRole + 1;

// Sorts by kSortRole where set (numbers), else by text; unknown confidences after every known one.
class StudyItem : public QTreeWidgetItem {
public:
    using QTreeWidgetItem::QTreeWidgetItem;
    bool operator<(const QTreeWidgetItem& other) const override
    {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        const QVariant mine = data(column, kSortRole);
        const QVariant theirs = other.data(column, kSortRole);
        if (mine.isValid() && theirs.isValid())
            return mine.toDouble() < theirs.toDouble();
        return QTreeWidgetItem::operator<(other);
    }
};

} // namespace

StudyListPanel::StudyListPanel(QWidget* parent)
    : QWidget(parent), m_list(new QTreeWidget), m_status(new QLabel),
      m_sort(new QPushButton(tr("Sort by Confidence"))), m_open(new QPushButton(tr("Open"))),
      m_cancel(new QPushButton(tr("Cancel")))
{
    m_list->setColumnCount(ColumnCount);
    m_list->setHeaderLabels({tr("Study"), tr("Reviewed"), tr("Confidence")});
    m_list->headerItem()->setToolTip(
        ConfidenceColumn,
        tr("Mean prompt-free confidence of the loaded model on slices spread through the study: SAM's "
           "predicted IoU, shown clamped to [0, 1] (the raw mean is in each row's tooltip). Open the least "
           "confident study next."));
    m_list->setRootIsDecorated(false);
    m_list->setAllColumnsShowFocus(true);
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(-1, Qt::AscendingOrder); // project order until asked
    m_list->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(ReviewedColumn, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(ConfidenceColumn, QHeaderView::ResizeToContents);
    m_status->setWordWrap(true);
    m_cancel->setEnabled(false);
    m_open->setEnabled(false);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_open);
    buttons->addWidget(m_sort);
    buttons->addStretch();
    buttons->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);

    connect(m_sort, &QPushButton::clicked, this, &StudyListPanel::sortByConfidence);
    connect(m_cancel, &QPushButton::clicked, this, &StudyListPanel::cancelRequested);
    connect(m_list, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        Q_EMIT openRequested(item->data(NameColumn, kIndexRole).toInt());
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const QTreeWidgetItem* item = m_list->currentItem())
            Q_EMIT openRequested(item->data(NameColumn, kIndexRole).toInt());
    });
    connect(m_list, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* item) { m_open->setEnabled(item != nullptr); });
}

void StudyListPanel::setStudies(const std::vector<StudyRow>& rows)
{
    const int column = m_list->sortColumn();
    const Qt::SortOrder order = m_list->header()->sortIndicatorOrder();
    m_list->setSortingEnabled(false);
    m_list->clear();
    for (std::size_t index = 0; index < rows.size(); ++index) {
        const StudyRow& row = rows[index];
        auto* item = new StudyItem(m_list);
        item->setText(NameColumn, row.name);
        item->setData(NameColumn, kIndexRole, static_cast<int>(index));
        item->setData(NameColumn, kSortRole, static_cast<double>(index));
        item->setText(ReviewedColumn, QString::number(row.reviewed));
        item->setData(ReviewedColumn, kSortRole, static_cast<double>(row.reviewed));
        item->setTextAlignment(ReviewedColumn, Qt::AlignRight | Qt::AlignVCenter);
        const bool known = std::isfinite(row.confidence);
        item->setText(ConfidenceColumn, known ? QString::number(shownConfidence(row.confidence), 'f', 3)
                                              : QStringLiteral("\u2013"));
        // Unknown last when sorted ascending (least confident first); the raw mean breaks ties.
        item->setData(ConfidenceColumn, kSortRole, known ? row.confidence : 1e9);
        if (known)
            item->setData(ConfidenceColumn, kRawConfidenceRole, row.confidence);
        item->setTextAlignment(ConfidenceColumn, Qt::AlignRight | Qt::AlignVCenter);
        QString tip = row.path;
        if (!row.problem.isEmpty())
            tip += QLatin1Char('\n') + row.problem;
        for (int c = 0; c < ColumnCount; ++c)
            item->setToolTip(c, tip);
        if (known)
            item->setToolTip(ConfidenceColumn, tip + QLatin1Char('\n') +
                                                   tr("Mean predicted IoU: %1 (shown clamped to [0, 1])")
                                                       .arg(QString::number(row.confidence, 'f', 3)));
        if (row.current) {
            QFont font = item->font(NameColumn);
            font.setBold(true);
            for (int c = 0; c < ColumnCount; ++c)
                item->setFont(c, font);
        }
    }
    m_list->setSortingEnabled(true);
    m_list->sortByColumn(column, order);
}

double StudyListPanel::shownConfidence(double raw)
{
    return std::isnan(raw) ? raw : std::clamp(raw, 0.0, 1.0);
}

void StudyListPanel::setStatus(const QString& text, bool running)
{
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
    m_cancel->setEnabled(running);
}

void StudyListPanel::sortByConfidence()
{
    m_list->sortByColumn(ConfidenceColumn, Qt::AscendingOrder);
}

QString StudyListPanel::statusText() const
{
    return m_status->text();
}

int StudyListPanel::projectIndexAt(int position) const
{
    const QTreeWidgetItem* item = m_list->topLevelItem(position);
    return item ? item->data(NameColumn, kIndexRole).toInt() : -1;
}

} // namespace delineate::ui
