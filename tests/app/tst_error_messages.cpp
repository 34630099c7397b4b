// Errors in the German interface (issue 20.6): the presenter (ui/feedback) has German text for every
// error code and action, and representative failures triggered through the window -- a missing file,
// an unsupported format, corrupt data, a failed write, a model that does not load -- show a German
// title, headline and reason with no English sentence in them; the core's English message appears only
// in the dialog's details ("Show Details…"), labelled as technical detail. With DELINEATE_SCREENSHOT_DIR
// set, each dialog is saved there as a PNG.

#include "GuiTestSetup.h"
#include "feedback/ErrorPresenter.h"
#include "gui/ErrorDialog.h"
#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "gui/StudyOpener.h"
#include "inference/SamService.h"
#include "io/StudyLoader.h"
#include "support/QtTestMain.h"
#include "translations/Translations.h"

#include <QDockWidget>
#include <QLabel>
#include <QPainter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include <fstream>

using namespace delineate;

namespace {

// Whole English words that German text does not use; `name` (a file name) is taken out first.
QString englishIn(QString text, const QString& name = {})
{
    if (!name.isEmpty())
        text.remove(name);
    static const QRegularExpression words(
        QStringLiteral(
            "\\b(the|could|not|cannot|does|file|folder|is|was|be|failed|loaded|opened|saved|written|"
            "read|this|damaged|unexpected|error|check|please|model)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = words.match(text);
    return match.hasMatch() ? match.captured(0) + QStringLiteral(" in: ") + text : QString();
}

void shoot(QWidget& window, QWidget* dialog, const QString& name)
{
    const QString folder = qEnvironmentVariable("DELINEATE_SCREENSHOT_DIR");
    if (folder.isEmpty())
        return;
    QPixmap shot = window.grab();
    if (dialog) {
        const QPixmap drawn = dialog->grab();
        QPainter painter(&shot);
        painter.drawPixmap((shot.width() - drawn.width()) / 2, (shot.height() - drawn.height()) / 2, drawn);
    }
    shot.save(folder + QLatin1Char('/') + name);
}

} // namespace

class TestErrorMessages : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void presenterIsGermanForEveryCodeAndAction();
    void windowErrorsAreGerman_data();
    void windowErrorsAreGerman();
    void modelLoadFailureIsGerman();

private:
    QTemporaryDir m_dir;
    QString m_study;
};

void TestErrorMessages::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_error_messages"));
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    QCOMPARE(translations::install(*QCoreApplication::instance(), QLocale(QLocale::German, QLocale::Germany)),
             QStringLiteral("de"));
    QVERIFY(m_dir.isValid());
    image::Geometry g;
    g.size = {32, 24, 3};
    auto volume = image::Volume::create(g).value();
    m_study = m_dir.filePath(QStringLiteral("study.nii.gz"));
    QVERIFY(io::saveVolume(volume, m_study.toStdString()).ok());
}

void TestErrorMessages::presenterIsGermanForEveryCodeAndAction()
{
    const ErrorCode codes[] = {ErrorCode::FileNotFound,
                               ErrorCode::ReadFailed,
                               ErrorCode::WriteFailed,
                               ErrorCode::UnsupportedFormat,
                               ErrorCode::UnsupportedTransferSyntax,
                               ErrorCode::CorruptData,
                               ErrorCode::InvalidGeometry,
                               ErrorCode::SizeMismatch,
                               ErrorCode::TooLarge,
                               ErrorCode::InvalidArgument,
                               ErrorCode::Unsafe,
                               ErrorCode::Cancelled,
                               ErrorCode::Internal};
    for (int a = 0; a <= int(ui::ErrorAction::ExportLabelDescriptions); ++a) {
        const auto action = static_cast<ui::ErrorAction>(a);
        for (const ErrorCode code : codes) {
            const Error error{code, "/data/scan.nii.gz", "the English detail of the core"};
            const ui::PresentedError text = ui::ErrorPresenter::present(error, action);
            for (const QString& shown : {text.title, text.headline, text.reason}) {
                QVERIFY(!shown.isEmpty());
                const QString english = englishIn(shown, QStringLiteral("scan.nii.gz"));
                QVERIFY2(english.isEmpty(), qPrintable(english));
            }
            // The details keep the core's English, labelled in German.
            QVERIFY(text.details.contains(QStringLiteral("the English detail of the core")));
            QVERIFY2(text.details.contains(QStringLiteral("Technische Angabe")), qPrintable(text.details));
        }
    }
}

void TestErrorMessages::windowErrorsAreGerman_data()
{
    QTest::addColumn<QString>("what");
    QTest::addColumn<int>("code");
    QTest::newRow("missing file") << "missing" << int(ErrorCode::FileNotFound);
    QTest::newRow("unsupported format") << "unsupported" << int(ErrorCode::UnsupportedFormat);
    QTest::newRow("corrupt data") << "corrupt" << int(ErrorCode::CorruptData);
    QTest::newRow("write failure") << "write" << int(ErrorCode::WriteFailed);
}

void TestErrorMessages::windowErrorsAreGerman()
{
    QFETCH(QString, what);
    QFETCH(int, code);
    app::MainWindow window;
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString subject;
    if (what == QLatin1String("write")) {
        QSignalSpy opened(&window, &app::MainWindow::studyOpened);
        QVERIFY(window.openStudy(m_study));
        QVERIFY(opened.wait(20000));
        delineate::test::paintSquare(window, 3, 1);
        // The project folder's place is taken by a file: nothing can be written there.
        subject = m_dir.filePath(QStringLiteral("taken"));
        std::ofstream(subject.toStdString()) << "a file, not a folder";
        const Result<void> saved = window.saveProject(subject);
        QVERIFY(!saved.ok());
        window.opener()->showError(saved.error(), ui::ErrorAction::SaveProject, subject);
    } else {
        if (what == QLatin1String("missing")) {
            subject = m_dir.filePath(QStringLiteral("gone.nii.gz"));
        } else if (what == QLatin1String("unsupported")) {
            subject = m_dir.filePath(QStringLiteral("notes.txt"));
            std::ofstream(subject.toStdString()) << "just some text, no image\n";
        } else {
            // A NIfTI file cut after its header: the voxels are missing.
            subject = m_dir.filePath(QStringLiteral("cut.nii"));
            QVERIFY(io::saveVolume(image::Volume::create(image::Geometry{{40, 40, 10}}).value(),
                                   subject.toStdString())
                        .ok());
            QFile cut(subject);
            QVERIFY(cut.resize(352 + 100));
        }
        QSignalSpy failed(&window, &app::MainWindow::openFailed);
        QVERIFY(window.openStudy(subject));
        QVERIFY(failed.wait(20000));
    }
    app::ErrorDialog* dialog = window.errorDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QCOMPARE(int(dialog->error().code), code);
    const QString name = QFileInfo(subject).fileName();
    for (const QString& shown : {dialog->windowTitle(), dialog->text(), dialog->informativeText()}) {
        const QString english = englishIn(shown, name);
        QVERIFY2(english.isEmpty(), qPrintable(english));
        QVERIFY(!shown.contains(QString::fromStdString(dialog->error().message())));
    }
    QVERIFY(dialog->text().contains(name));
    QVERIFY(dialog->detailedText().contains(QString::fromStdString(dialog->error().detail)));
    shoot(window, dialog, QStringLiteral("error-%1-de.png").arg(what));
    dialog->close();
}

void TestErrorMessages::modelLoadFailureIsGerman()
{
    const QString checkpoint = m_dir.filePath(QStringLiteral("broken.pth"));
    std::ofstream(checkpoint.toStdString()) << "PK\x03\x04 not really a checkpoint";
    app::MainWindow window;
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy failed(window.samService(), &ui::SamService::failed);
    window.models()->load(checkpoint);
    QVERIFY(failed.wait(60000));
    const Error error = failed.first().first().value<Error>();
    QStringList shown;
    for (const QLabel* label : window.models()->panelDock()->findChildren<QLabel*>())
        if (label->isVisible() && label->text().contains(QStringLiteral("broken.pth")))
            shown << label->text();
    QCOMPARE(shown.size(), 1);
    QVERIFY2(shown.first().contains(QStringLiteral("konnte nicht geladen werden")),
             qPrintable(shown.first()));
    const QString english = englishIn(shown.first(), QStringLiteral("broken.pth"));
    QVERIFY2(english.isEmpty(), qPrintable(english));
    QVERIFY(!shown.first().contains(QString::fromStdString(error.message())));
    shoot(window, nullptr, QStringLiteral("error-model-de.png"));
}

DELINEATE_TEST_MAIN(TestErrorMessages)
#include "tst_error_messages.moc"
