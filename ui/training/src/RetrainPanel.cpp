#include "training/RetrainPanel.h"

#include "training/AdapterMetadata.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace delineate::ui {
namespace {

enum Column { VersionColumn, DiceColumn, BoxColumn, PointColumn, SlicesColumn, ColumnCount };

// "0.512 -> 0.734" (base -> adapter), a dash when the adapter's figure was not measured.
QString diceChange(double base, double adapter)
{
    if (!std::isfinite(adapter))
        return QStringLiteral("\u2013");
    return QStringLiteral("%1 \u2192 %2").arg(formatDice(base), formatDice(adapter));
}

} // namespace

RetrainPanel::RetrainPanel(QWidget* parent)
    : QWidget(parent), m_label(new QLabel), m_preset(new QComboBox), m_scope(new QComboBox),
      m_retrain(new QPushButton(tr("&Retrain"))), m_cancel(new QPushButton(tr("Cancel"))), m_hint(new QLabel),
      m_progress(new QProgressBar), m_progressText(new QLabel), m_result(new QLabel),
      m_repropagate(new QToolButton), m_adapters(new QTreeWidget),
      m_activate(new QPushButton(tr("Activate"))), m_baseModel(new QPushButton(tr("Use Base Model"))),
      m_curve(new LearningCurveView), m_exportCurve(new QPushButton(tr("Export CSV\u2026")))
{
    m_preset->addItem(tr("Quick (CPU)"), QString::fromLatin1(kQuickPreset));
    m_preset->addItem(tr("Best (GPU)"), QString::fromLatin1(kBestPreset));
    m_preset->setToolTip(tr("Quick: decoder adapters, about a minute of training on a CPU.\n"
                            "Best: encoder + decoder adapters, a longer schedule meant for a GPU."));
    m_scope->addItem(tr("This study only"), false);
    m_scope->addItem(tr("Whole project"), true);
    m_scope->setToolTip(tr("This study only: the reviewed slices of the shown study.\n"
                           "Whole project: the reviewed slices of every study of the project; whole studies "
                           "are held out, so the held-out Dice predicts the next study."));
    m_repropagate->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_repropagate->hide();
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_progress->setTextVisible(false);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_label->setWordWrap(true); // "brain — 8 reviewed slices in 2 studies" and longer names
    m_progressText->setWordWrap(true);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progressText->hide(); // shown with text only: no empty lines in the dock
    m_result->hide();
    m_cancel->setEnabled(false);

    auto* train = new QGroupBox(tr("Retrain on reviewed slices"));
    auto* form = new QFormLayout;
    form->addRow(tr("Label:"), m_label);
    form->addRow(tr("Preset:"), m_preset);
    form->addRow(tr("Slices from:"), m_scope);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_retrain);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    auto* trainLayout = new QVBoxLayout(train);
    trainLayout->addLayout(form);
    trainLayout->addLayout(buttons);
    trainLayout->addWidget(m_hint);
    trainLayout->addWidget(m_progress);
    trainLayout->addWidget(m_progressText);
    trainLayout->addWidget(m_result);
    trainLayout->addWidget(m_repropagate, 0, Qt::AlignLeft);

    m_adapters->setColumnCount(ColumnCount);
    m_adapters->setHeaderLabels({tr("Version"), tr("Prompt-free"), tr("Box"), tr("Point"), tr("Slices")});
    m_adapters->setRootIsDecorated(false);
    m_adapters->setAllColumnsShowFocus(true);
    m_adapters->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Columns as wide as their figures; where they need more than the dock's width, the table scrolls
    // sideways on its own (the dock never does). As high as its rows (room for two to six, the header and
    // that scroll bar), so that the scroll bar sits right below the rows, not below empty space.
    m_adapters->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_adapters->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_adapters->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    const int rowHeight =
        qMax(fontMetrics().height() + 6, style()->pixelMetric(QStyle::PM_SmallIconSize) + 6);
    const int frame = m_adapters->header()->sizeHint().height() +
                      m_adapters->horizontalScrollBar()->sizeHint().height() + 2 * m_adapters->frameWidth();
    m_adapters->setMinimumHeight(frame + 2 * rowHeight);
    m_adapters->setMaximumHeight(frame + 6 * rowHeight);
    const QString diceTip = tr("Held-out Dice, base model \u2192 this version\n"
                               "(* on the training slices: too few reviewed slices to hold any out)");
    for (int column : {DiceColumn, BoxColumn, PointColumn})
        m_adapters->headerItem()->setToolTip(column, diceTip);
    auto* versions = new QGroupBox(tr("Adapter versions"));
    auto* versionButtons = new QHBoxLayout;
    versionButtons->addWidget(m_activate);
    versionButtons->addWidget(m_baseModel);
    versionButtons->addStretch();
    auto* versionLayout = new QVBoxLayout(versions);
    versionLayout->addWidget(m_adapters);
    versionLayout->addLayout(versionButtons);

    auto* curve = new QGroupBox(tr("Learning curve (held-out Dice)"));
    auto* curveLayout = new QVBoxLayout(curve);
    curveLayout->addWidget(m_curve, 1);
    auto* curveButtons = new QHBoxLayout;
    curveButtons->addStretch();
    curveButtons->addWidget(m_exportCurve);
    curveLayout->addLayout(curveButtons);
    m_exportCurve->setToolTip(
        tr("Save every retrain of the project (reviewed slices, studies, held-out Dice) "
           "as a CSV file"));
    m_exportCurve->setEnabled(false);

    setMinimumWidth(360); // room for "Dice before → after" beside the version name
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(train);
    layout->addWidget(versions);
    layout->addWidget(curve, 1);
    connect(m_exportCurve, &QPushButton::clicked, this, &RetrainPanel::exportCurveRequested);

    connect(m_retrain, &QPushButton::clicked, this, &RetrainPanel::retrainRequested);
    connect(m_cancel, &QPushButton::clicked, this, &RetrainPanel::cancelRequested);
    connect(m_baseModel, &QPushButton::clicked, this, &RetrainPanel::baseModelRequested);
    connect(m_activate, &QPushButton::clicked, this, [this] {
        if (const QTreeWidgetItem* item = m_adapters->currentItem())
            Q_EMIT activateRequested(item->data(VersionColumn, Qt::UserRole).toString());
    });
    connect(m_adapters, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        Q_EMIT activateRequested(item->data(VersionColumn, Qt::UserRole).toString());
    });
    connect(m_adapters, &QTreeWidget::currentItemChanged, this, &RetrainPanel::updateAdapterButtons);
    setLabel({}, 0);
    setRetrainAvailable(false);
    updateAdapterButtons();
}

void RetrainPanel::setLabel(const QString& name, int reviewedSlices, int studies)
{
    QString slices =
        reviewedSlices == 1 ? tr("1 reviewed slice") : tr("%1 reviewed slices").arg(reviewedSlices);
    if (studies > 1)
        slices = tr("%1 in %2 studies").arg(slices).arg(studies);
    m_label->setText(name.isEmpty() ? tr("none") : tr("%1 \u2014 %2").arg(name, slices));
}

void RetrainPanel::setRetrainAvailable(bool available, const QString& reason)
{
    m_retrain->setEnabled(available && !m_running);
    m_retrain->setToolTip(available
                              ? tr("Train an adapter on the reviewed slices of the active label, in the "
                                   "background; annotation goes on meanwhile")
                              : reason);
    m_hint->setText(available || m_running ? QString() : reason);
    m_hint->setVisible(!m_hint->text().isEmpty());
}

void RetrainPanel::setRunning(bool running)
{
    m_running = running;
    m_cancel->setEnabled(running);
    m_preset->setEnabled(!running);
    m_scope->setEnabled(!running);
    if (running) {
        offerRepropagate(false);
        m_retrain->setEnabled(false);
        m_hint->hide();
        m_progress->setRange(0, 0); // busy until the first iteration
        m_progressText->setText(tr("Preparing: loading the model, measuring Dice before training\u2026"));
        m_progressText->show();
        m_result->clear();
        m_result->hide();
        m_result->setToolTip({});
    } else if (m_progress->maximum() == 0) { // stopped before the first iteration
        m_progress->setRange(0, 1);
        m_progress->setValue(0);
    }
    updateAdapterButtons();
}

void RetrainPanel::showProgress(int iteration, int maxIterations, double loss, double heldOutDice,
                                double elapsedSeconds)
{
    m_progress->setRange(0, maxIterations);
    m_progress->setValue(iteration);
    QString text = tr("iteration %1/%2, loss %3").arg(iteration).arg(maxIterations).arg(loss, 0, 'f', 3);
    if (std::isfinite(heldOutDice))
        text += tr(", held-out Dice %1").arg(heldOutDice, 0, 'f', 3);
    if (elapsedSeconds > 0.0 && std::isfinite(elapsedSeconds)) {
        const double rate = iteration / elapsedSeconds;
        text += tr(", %1 it/s").arg(rate, 0, 'f', rate >= 10.0 ? 0 : rate >= 1.0 ? 1 : 2);
    }
    m_progressText->setText(text);
    m_progressText->show();
}

void RetrainPanel::showResult(const QString& text)
{
    m_result->setText(text);
    m_result->setVisible(!text.isEmpty());
}

void RetrainPanel::setAdapters(const std::vector<AdapterRow>& rows, const QString& activeFile)
{
    m_activeFile = activeFile;
    const QString current = m_adapters->currentItem()
                                ? m_adapters->currentItem()->data(VersionColumn, Qt::UserRole).toString()
                                : QString();
    m_adapters->clear();
    for (const AdapterRow& row : rows) {
        auto* item = new QTreeWidgetItem(m_adapters);
        const bool active = row.file == activeFile;
        item->setText(VersionColumn, active ? tr("%1 (active)").arg(row.name) : row.name);
        if (active)
            item->setIcon(VersionColumn, style()->standardIcon(QStyle::SP_DialogApplyButton));
        item->setData(VersionColumn, Qt::UserRole, row.file);
        if (row.metadata.isEmpty()) {
            item->setText(DiceColumn, tr("unreadable"));
        } else {
            const bool heldOut =
                row.metadata.value(QStringLiteral("dice_slices")) == QLatin1String("held_out");
            // Held-out Dice plain, Dice on the training slices (no held-out set) with an asterisk.
            item->setText(DiceColumn, tr("%1 \u2192 %2%3")
                                          .arg(formatDice(row.metadata.value(QStringLiteral("dice_before"))),
                                               formatDice(row.metadata.value(QStringLiteral("dice_after"))),
                                               heldOut ? QString() : QStringLiteral("*")));
            item->setText(SlicesColumn, row.metadata.value(QStringLiteral("slices")));
        }
        if (std::isfinite(row.dice[0]))
            item->setText(DiceColumn, diceChange(row.baseDice[0], row.dice[0]));
        item->setText(BoxColumn, diceChange(row.baseDice[1], row.dice[1]));
        item->setText(PointColumn, diceChange(row.baseDice[2], row.dice[2]));
        QStringList tip{row.file, tr("created %1").arg(row.created)};
        if (std::isfinite(row.dice[0]) || std::isfinite(row.dice[1]) || std::isfinite(row.dice[2]))
            tip << tr("Held-out Dice, base model \u2192 this version: prompt-free %1, box %2, point %3")
                       .arg(diceChange(row.baseDice[0], row.dice[0]),
                            diceChange(row.baseDice[1], row.dice[1]),
                            diceChange(row.baseDice[2], row.dice[2]));
        for (auto it = row.metadata.begin(); it != row.metadata.end(); ++it)
            if (it.key() != QLatin1String("slice_descriptions"))
                tip << QStringLiteral("%1: %2").arg(it.key(), it.value());
        if (!row.error.isEmpty())
            tip << row.error;
        for (int c = 0; c < ColumnCount; ++c)
            item->setToolTip(c, tip.join(QLatin1Char('\n')));
        if (active) {
            QFont font = item->font(VersionColumn);
            font.setBold(true);
            for (int c = 0; c < ColumnCount; ++c)
                item->setFont(c, font);
        }
        if (row.file == current)
            m_adapters->setCurrentItem(item);
    }
    updateAdapterButtons();
}

void RetrainPanel::setLearningCurve(std::vector<CurvePoint> points)
{
    m_exportCurve->setEnabled(!points.empty());
    m_curve->setPoints(std::move(points));
}

void RetrainPanel::setResultDetails(const QString& text)
{
    m_result->setToolTip(text);
}

QString RetrainPanel::presetId() const
{
    return m_preset->currentData().toString();
}

void RetrainPanel::setPresetId(const QString& id)
{
    if (const int index = m_preset->findData(id); index >= 0)
        m_preset->setCurrentIndex(index);
}

bool RetrainPanel::wholeProject() const
{
    return m_scope->currentData().toBool();
}

void RetrainPanel::setWholeProject(bool wholeProject)
{
    m_scope->setCurrentIndex(wholeProject ? 1 : 0);
}

void RetrainPanel::setRepropagateAction(QAction* action)
{
    m_repropagate->setDefaultAction(action);
}

void RetrainPanel::offerRepropagate(bool offered)
{
    m_repropagate->setVisible(offered && m_repropagate->defaultAction());
}

QString RetrainPanel::progressText() const
{
    return m_progressText->text();
}

QString RetrainPanel::resultText() const
{
    return m_result->text();
}

void RetrainPanel::updateAdapterButtons()
{
    const QTreeWidgetItem* item = m_adapters->currentItem();
    m_activate->setEnabled(item && item->data(VersionColumn, Qt::UserRole).toString() != m_activeFile);
    m_baseModel->setEnabled(!m_activeFile.isEmpty());
}

} // namespace delineate::ui
