#include "gui/NoModelPanel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace delineate::app {

NoModelPanel::NoModelPanel(QWidget* parent) : QWidget(parent)
{
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #d33;"));
    m_error->hide();
    auto* text = new QLabel(instructions(), this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::RichText);
    text->setOpenExternalLinks(true);
    text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(text);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* choose = new QPushButton(tr("Choose Checkpoint\u2026"), this);
    connect(choose, &QPushButton::clicked, this, &NoModelPanel::chooseCheckpointRequested);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    layout->addWidget(scroll, 1);
    layout->addWidget(choose);
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
           "<p>Delineate ships no weights. To use the SAM tools:</p>"
           "<ol><li>Download one checkpoint below from its official page.</li>"
           "<li>Check it: <code>sha256sum FILE</code> must print the SHA-256 shown.</li>"
           "<li>Choose it with <b>Model \u2192 Choose Checkpoint\u2026</b> (remembered).</li></ol>");
    QFile file(QStringLiteral(":/models/catalogue.json"));
    if (!file.open(QIODevice::ReadOnly))
        return html + tr("<p>The model catalogue is missing from this build.</p>");
    const QJsonArray models =
        QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("models")).toArray();
    for (const QJsonValueConstRef value : models) {
        const QJsonObject m = value.toObject();
        html += tr("<p><b>%1</b> \u2014 <code>%2</code>, %3 MB, %4<br>"
                   "Download: <a href=\"%5\">%5</a><br>SHA-256: <code>%6</code><br><i>%7</i></p>")
                    .arg(m.value(QStringLiteral("title")).toString().toHtmlEscaped(),
                         m.value(QStringLiteral("file")).toString().toHtmlEscaped(),
                         QString::number(m.value(QStringLiteral("size_mb")).toDouble()),
                         m.value(QStringLiteral("licence")).toString().toHtmlEscaped(),
                         m.value(QStringLiteral("url")).toString().toHtmlEscaped(),
                         m.value(QStringLiteral("sha256")).toString().toHtmlEscaped(),
                         m.value(QStringLiteral("good_for")).toString().toHtmlEscaped());
    }
    return html;
}

} // namespace delineate::app
