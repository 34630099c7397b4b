#include "viewer/EmptyStudyPage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace delineate::ui {

EmptyStudyPage::EmptyStudyPage(QWidget* parent) : QWidget(parent)
{
    auto* title = new QLabel(tr("No study open"), this);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.8);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto* hint =
        new QLabel(tr("Open an image file (NIfTI, MetaImage, NRRD, DICOM, PNG, JPEG, TIFF) or a DICOM "
                      "folder to start annotating.\nYou can also drop a file or folder onto this window."),
                   this);
    hint->setAlignment(Qt::AlignCenter);
    hint->setWordWrap(true);

    m_status = new QLabel(this);
    m_status->setAlignment(Qt::AlignCenter);

    auto* openFile = new QPushButton(tr("Open File…"), this);
    auto* openFolder = new QPushButton(tr("Open DICOM Folder…"), this);
    connect(openFile, &QPushButton::clicked, this, &EmptyStudyPage::openFileRequested);
    connect(openFolder, &QPushButton::clicked, this, &EmptyStudyPage::openFolderRequested);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(openFile);
    buttons->addWidget(openFolder);
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(title);
    layout->addSpacing(12);
    layout->addWidget(hint);
    layout->addSpacing(18);
    layout->addLayout(buttons);
    layout->addSpacing(12);
    layout->addWidget(m_status);
    layout->addStretch(3);
}

void EmptyStudyPage::setStatusText(const QString& text)
{
    m_status->setText(text);
}

} // namespace delineate::ui
