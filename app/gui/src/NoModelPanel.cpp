#include "gui/NoModelPanel.h"

#include "models/ModelCatalogue.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace delineate::app {
namespace {

// A button whose text may be longer than the dock is wide: it shrinks with the dock (the full text in
// its tooltip) instead of widening it.
QPushButton* narrowButton(const QString& text, const QString& name, const QString& tip, QWidget* parent)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(name);
    button->setToolTip(tip);
    button->setMinimumWidth(1);
    button->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    return button;
}

} // namespace

NoModelPanel::NoModelPanel(QWidget* parent) : QWidget(parent)
{
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setMinimumWidth(1);
    m_error->setStyleSheet(QStringLiteral("color: #d33;"));
    m_error->hide();
    auto* text = new QLabel(instructions());
    text->setWordWrap(true);
    text->setMinimumWidth(1); // wrap, never widen the dock
    text->setTextFormat(Qt::RichText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    text->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_scroll = new QScrollArea(this);
    m_scroll->setWidget(text);
    m_scroll->setWidgetResizable(true);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setMinimumWidth(1);
    m_getModels = narrowButton(tr("Get Models\u2026"), QStringLiteral("getModels"),
                               tr("Download an official SAM checkpoint, verified by its SHA-256"), this);
    m_getModels->setDefault(true);
    m_chooseFile = narrowButton(tr("Choose Local File\u2026"), QStringLiteral("chooseLocalFile"),
                                tr("Use a SAM checkpoint file you already have (.pth, .pt)"), this);
    connect(m_getModels, &QPushButton::clicked, this, &NoModelPanel::getModelsRequested);
    connect(m_chooseFile, &QPushButton::clicked, this, &NoModelPanel::chooseCheckpointRequested);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(m_getModels);
    layout->addWidget(m_chooseFile);
    layout->addWidget(m_scroll, 1);
}

void NoModelPanel::setError(const QString& error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

QString NoModelPanel::instructions()
{
    QString html =
        tr("<h3>No SAM model loaded</h3>"
           "<p>Delineate ships no weights. <b>Get Models\u2026</b> downloads an official checkpoint "
           "into your data folder and checks its SHA-256 before first use; nothing is downloaded "
           "unless you ask. Without network, <b>Choose Local File\u2026</b> uses a checkpoint you "
           "have.</p>");
    QFile file(QStringLiteral(":/models/catalogue.json"));
    if (!file.open(QIODevice::ReadOnly))
        return html + tr("<p>The model catalogue is missing from this build.</p>");
    const QJsonArray models =
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("models")).toArray();
    html += tr("<p>Models in the catalogue:</p>");
    for (const QJsonValueConstRef value : models) {
        const QJsonObject m = value.toObject();
        const double size = m.value(QStringLiteral("size_mb")).toDouble();
        QString licence = ui::ModelCatalogue::localized(m, "licence").toHtmlEscaped();
        if (m.value(QStringLiteral("non_commercial")).toBool())
            licence += QLatin1Char(' ') + tr("(non-commercial use only)");
        html += tr("<p><b>%1</b><br>%2, %3<br><i>%4</i></p>")
                    .arg(ui::ModelCatalogue::localized(m, "title").toHtmlEscaped(),
                         size > 0 ? tr("%1 MB").arg(size) : tr("size unknown"), licence,
                         ui::ModelCatalogue::localized(m, "good_for").toHtmlEscaped());
    }
    return html;
}

} // namespace delineate::app
