#include "gui/StudyInfoDialog.h"

#include <QDialogButtonBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace delineate::app {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

QString triple(const image::Vec3& v, const QString& unit)
{
    return QStringLiteral("%1 × %2 × %3%4").arg(number(v[0]), number(v[1]), number(v[2]), unit);
}

QString row(const QString& name, const QString& value)
{
    return QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td></tr>")
        .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
}

} // namespace

StudyInfoDialog::StudyInfoDialog(QWidget* parent) : QDialog(parent), m_browser(new QTextBrowser(this))
{
    setWindowTitle(tr("Study Information"));
    m_browser->setOpenLinks(false);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser);
    layout->addWidget(buttons);
    resize(640, 460);
}

void StudyInfoDialog::setStudy(const io::Study& study, const QString& path)
{
    m_studyHtml = describe(study, path);
    m_browser->setHtml(m_studyHtml);
}

void StudyInfoDialog::setProvenance(const QString& summary)
{
    QString html =
        m_studyHtml + QStringLiteral("<h4>") + tr("Provenance of the labels") + QStringLiteral("</h4><ul>");
    for (const QString& line : summary.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        html += QStringLiteral("<li>") + line.toHtmlEscaped() + QStringLiteral("</li>");
    m_browser->setHtml(html + QStringLiteral("</ul>"));
}

QString StudyInfoDialog::text() const
{
    return m_browser->toPlainText();
}

QString StudyInfoDialog::describe(const io::Study& study, const QString& path)
{
    const image::Volume& volume = study.volume;
    const image::Geometry& g = volume.geometry();
    QString html = QStringLiteral("<table>");
    html += row(tr("Source"), path);
    html += row(tr("Format"), QString::fromStdString(study.format));
    if (!volume.description.empty())
        html += row(tr("Description"), QString::fromStdString(volume.description));
    if (!volume.modality.empty())
        html += row(tr("Modality"), QString::fromStdString(volume.modality));
    if (study.series) {
        html += row(tr("Series"), tr("%1 (UID %2)")
                                      .arg(study.series->seriesNumber)
                                      .arg(QString::fromStdString(study.series->seriesUid)));
        if (!study.series->studyDate.empty())
            html += row(tr("Study date"), QString::fromStdString(study.series->studyDate));
        if (!study.series->stackLabel.empty())
            html += row(tr("Stack"), QString::fromStdString(study.series->stackLabel));
    }
    if (study.frameCount > 1)
        html += row(tr("Frame"), tr("%1 of %2").arg(study.frame + 1).arg(study.frameCount));
    const bool cine = volume.frameKind == image::FrameKind::Temporal;
    html += row(tr("Size"), tr("%1 × %2 pixels, %3 %4")
                                .arg(g.size[0])
                                .arg(g.size[1])
                                .arg(g.size[2])
                                .arg(cine ? tr("frames") : tr("slices")));
    html += row(tr("Spacing"), g.physicalSpacing ? triple(g.spacing, QStringLiteral(" mm"))
                                                 : tr("no physical spacing (measurements in pixels)"));
    html += row(
        tr("Origin (LPS)"),
        QStringLiteral("(%1, %2, %3) mm").arg(number(g.origin[0]), number(g.origin[1]), number(g.origin[2])));
    html += row(tr("Orientation"), QString::fromStdString(g.orientationCode()));
    QString axes;
    for (int c = 0; c < 3; ++c) {
        const image::Vec3 axis = g.axis(c);
        axes += QStringLiteral("%1(%2, %3, %4)")
                    .arg(c == 0 ? QString() : QStringLiteral("  "))
                    .arg(axis[0], 0, 'f', 4)
                    .arg(axis[1], 0, 'f', 4)
                    .arg(axis[2], 0, 'f', 4);
    }
    html += row(tr("Axes i, j, k (LPS)"), axes);
    const auto [lo, hi] = volume.range();
    html += row(tr("Values"), tr("%1, %2 component(s), %3 … %4")
                                  .arg(QString::fromLatin1(image::componentTypeName(volume.sourceType)))
                                  .arg(volume.components())
                                  .arg(number(lo), number(hi)));
    if (cine && volume.frameTimeMs > 0)
        html += row(tr("Frame time"), tr("%1 ms").arg(number(volume.frameTimeMs)));
    html += QStringLiteral("</table>");
    if (!study.warnings.empty()) {
        html += QStringLiteral("<p style=\"color:#b00000\"><b>%1</b></p><ul>")
                    .arg(tr("Warnings: data that could not be read").toHtmlEscaped());
        for (const Error& warning : study.warnings)
            html += QStringLiteral("<li style=\"color:#b00000\">%1</li>")
                        .arg(QString::fromStdString(warning.message()).toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    if (volume.notes.empty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("The loader made no notes.").toHtmlEscaped());
    } else {
        html += QStringLiteral("<p><b>%1</b></p><ul>").arg(tr("Notes").toHtmlEscaped());
        for (const std::string& note : volume.notes)
            html += QStringLiteral("<li>%1</li>").arg(QString::fromStdString(note).toHtmlEscaped());
        html += QStringLiteral("</ul>");
    }
    return html;
}

} // namespace delineate::app
