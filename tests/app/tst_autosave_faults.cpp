// Autosave under faults (offscreen): the project folder becomes full (RLIMIT_FSIZE lowered for this
// process, SIGXFSZ ignored: writes past the cap fail with EFBIG as on a full disk) or read-only (chmod
// for a normal user; for root, whom permissions do not stop, the folder is made immutable) while edits
// wait for their autosave. The application stays up, keeps the edits in memory, says so in the status
// bar until an autosave succeeds, and retries by itself: once the fault is gone the autosave on disk
// holds exactly the edits in memory (read back with the loader), without a further edit.

#include "GuiTestSetup.h"
#include "gui/AutosaveController.h"
#include "gui/MainWindow.h"
#include "gui/ProjectController.h"
#include "io/StudyLoader.h"
#include "labeling/LabelSession.h"
#include "support/FileSizeLimit.h"
#include "support/TestData.h"

#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <linux/fs.h>
#include <memory>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace delineate;

namespace {

QString writeStudy(const QString& path)
{
    image::Geometry g;
    g.size = {96, 80, 12};
    auto volume = image::Volume::create(g).value();
    for (std::size_t v = 0; v < volume.elementCount(); ++v)
        volume.data()[v] = float(v % 97);
    if (!io::saveVolume(volume, path.toStdString()))
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Makes `folder` unwritable for this process, or says why it cannot.
class ReadOnlyFolder {
public:
    explicit ReadOnlyFolder(QString folder) : m_folder(std::move(folder))
    {
        if (::geteuid() != 0) {
            m_chmod = ::chmod(m_folder.toLocal8Bit().constData(), 0555) == 0;
            if (!m_chmod)
                m_why = QStringLiteral("chmod failed: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        // Root writes through permissions; an immutable folder (ext4, xfs, btrfs) stops root as well.
        m_fd = ::open(m_folder.toLocal8Bit().constData(), O_RDONLY | O_DIRECTORY);
        int flags = 0;
        if (m_fd < 0 || ::ioctl(m_fd, FS_IOC_GETFLAGS, &flags) != 0) {
            m_why = QStringLiteral("cannot read the folder's attributes: %1")
                        .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        m_flags = flags;
        flags |= FS_IMMUTABLE_FL;
        m_immutable = ::ioctl(m_fd, FS_IOC_SETFLAGS, &flags) == 0;
        if (!m_immutable)
            m_why = QStringLiteral("running as root and the file system refuses the immutable attribute: %1")
                        .arg(QString::fromLocal8Bit(std::strerror(errno)));
    }
    ~ReadOnlyFolder() { release(); }
    void release()
    {
        if (m_chmod)
            ::chmod(m_folder.toLocal8Bit().constData(), 0755);
        if (m_immutable)
            ::ioctl(m_fd, FS_IOC_SETFLAGS, &m_flags);
        if (m_fd >= 0)
            ::close(m_fd);
        m_chmod = m_immutable = false;
        m_fd = -1;
    }
    [[nodiscard]] bool active() const { return m_chmod || m_immutable; }
    [[nodiscard]] const QString& why() const { return m_why; }

private:
    QString m_folder;
    QString m_why;
    int m_fd = -1;
    int m_flags = 0;
    bool m_chmod = false;
    bool m_immutable = false;
};

QLabel* autosaveWarning(app::MainWindow& window)
{
    return window.statusBar()->findChild<QLabel*>(QStringLiteral("autosaveWarning"));
}

} // namespace

class TestAutosaveFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fullProjectFolder();
    void readOnlyProjectFolder();

private:
    // A window on the study with an edit, saved as a project in a fresh folder.
    std::unique_ptr<app::MainWindow> windowWithProject(const QString& projectFolder);
    // The fault is in place: an edit, its autosave and the first retry fail; `clear` removes the fault;
    // the window says that the edits are kept, and the next retry (no new edit) writes them.
    void failThenRecover(app::MainWindow& window, const std::function<void()>& clear);

    QTemporaryDir m_dir;
    QString m_study;
};

void TestAutosaveFaults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_autosave_faults"));
    delineate::test::forgetRecoveredEdits();
    QSettings().clear();
    QVERIFY(m_dir.isValid());
    m_study = writeStudy(m_dir.filePath(QStringLiteral("study.nii.gz")));
}

std::unique_ptr<app::MainWindow> TestAutosaveFaults::windowWithProject(const QString& projectFolder)
{
    auto window = std::make_unique<app::MainWindow>();
    window->resize(900, 700);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    QSignalSpy opened(window.get(), &app::MainWindow::studyOpened);
    if (!window->openStudy(m_study) || !opened.wait(20000))
        return nullptr;
    delineate::test::paintSquare(*window, 4, 2);
    if (!window->saveProject(projectFolder).ok())
        return nullptr;
    return window;
}

void TestAutosaveFaults::failThenRecover(app::MainWindow& window, const std::function<void()>& clear)
{
    app::AutosaveController* project = window.autosave();
    const QString autosave = project->autosavePath();
    QVERIFY(!autosave.isEmpty());
    QSignalSpy failed(project, &app::AutosaveController::autosaveFailed);
    QSignalSpy autosaved(project, &app::AutosaveController::autosaved);
    // The edit that waits for its autosave: 12x12 more voxels on another slice. Its autosave fails, and so
    // does the retry after it (no edit is pending, the fault is still there). Nothing is checked before
    // the fault is gone: under the file size limit even the test log could not be written.
    delineate::test::paintSquare(window, 12, 5);
    const bool failedTwice =
        failed.wait(app::AutosaveController::kAutosaveDelayMs + 20000) &&
        (failed.size() >= 2 || failed.wait(app::AutosaveController::kAutosaveRetryMs + 20000));
    clear();
    QVERIFY2(failedTwice, "the failed autosave was not retried");
    QVERIFY(autosaved.isEmpty());
    QCOMPARE(failed.first().at(0).toString(), autosave);
    // The window is up, the edits are in memory and still unsaved, and the status bar says so (until
    // the next retry, kAutosaveRetryMs from now).
    QVERIFY(window.isVisible());
    QCOMPARE(delineate::test::labelled(window), std::size_t(16 + 144));
    QVERIFY(window.labelSession()->modified());
    QVERIFY(!QFileInfo::exists(autosave));
    QLabel* warning = autosaveWarning(window);
    QVERIFY(warning);
    QVERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("kept in memory")), qPrintable(warning->text()));
    QVERIFY2(warning->toolTip().contains(autosave), qPrintable(warning->toolTip()));

    // The fault is gone: the next retry writes the edits, without a further edit.
    QVERIFY(autosaved.wait(app::AutosaveController::kAutosaveRetryMs + 20000));
    QCOMPARE(autosaved.takeFirst().at(0).toString(), autosave);
    QVERIFY(!warning->isVisible());
    const auto study = io::loadStudy(m_study.toStdString());
    QVERIFY(study.ok());
    const auto onDisk = io::loadLabelMap(autosave.toStdString(), *study);
    QVERIFY2(onDisk.ok(), onDisk.ok() ? "" : onDisk.error().message().c_str());
    const image::LabelMap& memory = *window.labelSession()->labels();
    QVERIFY(std::equal(memory.data(), memory.data() + memory.voxelCount(), onDisk->data()));
}

void TestAutosaveFaults::fullProjectFolder()
{
    auto window = windowWithProject(m_dir.filePath(QStringLiteral("full")));
    QVERIFY(window);
    auto limit = std::make_unique<delineate::test::FileSizeLimit>(64); // below any label map of this study
    QVERIFY(limit->active());
    failThenRecover(*window, [&] { limit.reset(); });
}

void TestAutosaveFaults::readOnlyProjectFolder()
{
    const QString folder = m_dir.filePath(QStringLiteral("readonly"));
    auto window = windowWithProject(folder);
    QVERIFY(window);
    ReadOnlyFolder readOnly(folder + QStringLiteral("/autosave"));
    if (!readOnly.active())
        DELINEATE_SKIP(qPrintable(readOnly.why()));
    failThenRecover(*window, [&] { readOnly.release(); });
}

DELINEATE_TEST_MAIN(TestAutosaveFaults)
#include "tst_autosave_faults.moc"
