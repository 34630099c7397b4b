// The File menu's team entries (app/gui PacsSegController and its dialogs), driven as a user drives them:
//  - Export Labels as DICOM SEG / Import DICOM SEG on the real MR series (fresh UIDs): the labels painted by
//    the test come back voxel for voxel with their names;
//  - the SEG export dialog offers labels with accepted SAM proposals as Semi-automatic, the model named;
//  - Open from PACS against a real Orthanc on loopback (tests/pacs/OrthancServer.h): search, expand,
//  retrieve,
//    and the window opens the retrieved series; PACS Nodes tests a node with C-ECHO.
// DELINEATE_SCREENSHOTS=folder saves each dialog as PNG (docs/screenshots/ was made this way, under Xvfb);
// DELINEATE_SCREENSHOT_LANGUAGE=de shows them in German.

#include "../dicomseg/SeriesCopy.h"
#include "../pacs/OrthancServer.h"
#include "GuiTestSetup.h"
#include "gui/PacsBrowserDialog.h"
#include "gui/PacsNodesDialog.h"
#include "gui/PacsSegController.h"
#include "gui/ReviewController.h"
#include "gui/SegExportDialog.h"
#include "support/QtTestMain.h"
#include "translations/Translations.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <dcmtk/oflog/oflog.h>

#include <set>

using namespace delineate;

namespace {

void screenshot(QWidget* widget, const QString& name)
{
    const QString folder = qEnvironmentVariable("DELINEATE_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QTest::qWait(200);
    widget->grab().save(folder + "/" + name + ".png");
}

} // namespace

class TestPacsSegGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("DelineateTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_pacs_seg_gui"));
        test::forgetRecoveredEdits();
        qRegisterMetaType<QTreeWidgetItem*>();
        if (const QString language = qEnvironmentVariable("DELINEATE_SCREENSHOT_LANGUAGE");
            !language.isEmpty())
            QCOMPARE(translations::install(*QCoreApplication::instance(), QLocale(language)), language);
        OFLog::configure(OFLogger::ERROR_LOG_LEVEL);
        if (!QFileInfo::exists(dicomseg::test::kMrSeries))
            DELINEATE_SKIP(qPrintable("test data not found: " + dicomseg::test::kMrSeries));
        QVERIFY(m_dir.isValid());
        m_series = m_dir.filePath("series");
        QVERIFY(dicomseg::test::writeSeriesCopy(m_series, 20));
        m_window = std::make_unique<app::MainWindow>();
        m_window->resize(1100, 760);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void exportAndImportSegThroughTheWindow()
    {
        QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
        m_window->openStudy(m_series);
        QVERIFY(opened.wait(20000));
        test::paintSquare(*m_window, 40, 5);
        test::paintSquare(*m_window, 20, 12);
        ui::LabelSession* session = m_window->labelSession();
        const image::LabelMap before = *session->labels();
        const QString path = m_dir.filePath("labels-seg.dcm");
        app::PacsSegController* controller = m_window->pacsSeg();
        QCOMPARE(controller->exportSeg(path, {}), QString());
        // The SEG goes out with its provenance beside it: label 1 on the two painted slices (by hand:
        // squares on slices 5 and 12, painted through the session, so source "edit").
        QFile provenance(m_dir.filePath("labels-seg.dcm.provenance.json"));
        QVERIFY(provenance.open(QIODevice::ReadOnly));
        const QJsonObject document = QJsonDocument::fromJson(provenance.readAll()).object();
        QCOMPARE(document.value("schema").toString(), QString("delineate-provenance"));
        QCOMPARE(document.value("label_map").toString(), QString("labels-seg.dcm"));
        const QJsonArray labels = document.value("labels").toArray();
        QCOMPARE(labels.size(), 1);
        std::set<qint64> slices;
        for (const QJsonValue slice : labels[0].toObject().value("slices").toArray()) {
            slices.insert(slice.toObject().value("index").toInteger());
            QCOMPARE(slice.toObject().value("source").toString(), QString("edit"));
        }
        QCOMPARE(slices, (std::set<qint64>{5, 12}));
        session->reset(*image::LabelMap::createFor(m_window->study().study->volume), session->table());
        QCOMPARE(session->labels()->presentValues().size(), std::size_t(0));
        QCOMPARE(controller->importSeg(path), QString());
        QVERIFY(std::equal(before.data(), before.data() + before.voxelCount(), session->labels()->data()));
        // Imported voxels are recorded as such, and nothing else is.
        const project::ProvenanceLog& log = m_window->review()->log();
        QCOMPARE(log.records().size(), std::size_t(2));
        QCOMPARE(log.find(2, 1, 5)->source, std::string("import"));
        QCOMPARE(log.find(2, 1, 12)->source, std::string("import"));
        QCOMPARE(session->table().find(1)->name, std::string("Label 1"));
        QVERIFY(session->modified()); // imported labels are not saved anywhere yet
        // A SEG of another series is refused with the reason.
        const QString qiicr = DELINEATE_SHARED_DIR "/data/dicom_transfer_syntaxes/pydicom/liver_1frame.dcm";
        if (QFileInfo::exists(qiicr))
            QVERIFY(controller->importSeg(qiicr).contains("Frame of Reference"));
    }

    void exportDialogNamesTheModel()
    {
        labels::LabelTable table;
        (void)table.set({1, "Liver", {230, 25, 75}});
        (void)table.set({2, "Tumour", {60, 180, 75}});
        app::SegExportDialog dialog(table, {1, 2}, {2}, "SAM vit_t.pth + adapter tumour-v2", m_window.get());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        screenshot(&dialog, "seg-export-dialog");
        const auto options = dialog.options();
        QCOMPARE(options.provenance.size(), std::size_t(1));
        QCOMPARE(int(options.provenance.at(2).type), int(dicomseg::SegmentAlgorithm::SemiAutomatic));
        QCOMPARE(options.provenance.at(2).algorithmName, std::string("SAM vit_t.pth + adapter tumour-v2"));
    }

    void openFromPacs()
    {
        if (pacs::test::OrthancServer::executable().isEmpty())
            DELINEATE_SKIP("Orthanc is not installed (Debian package orthanc)");
        pacs::test::OrthancServer orthanc;
        QString error;
        QDir().mkpath(m_dir.filePath("orthanc"));
        QVERIFY2(orthanc.start(m_dir.filePath("orthanc"), error), qPrintable(error));
        QCOMPARE(orthanc.upload(m_series), 20);
        pacs::PacsNode node = *pacs::parseNodeAddress(orthanc.dicomNode().toStdString());
        node.name = "Test Orthanc";

        app::PacsNodesDialog nodes({node}, m_window.get());
        nodes.show();
        QVERIFY(QTest::qWaitForWindowExposed(&nodes));
        QSignalSpy tested(&nodes, &app::PacsNodesDialog::testFinished);
        nodes.testSelected();
        QVERIFY(tested.wait(20000));
        QCOMPARE(tested.first().first().toBool(), true);
        screenshot(&nodes, "pacs-nodes-dialog");
        nodes.close();

        app::PacsBrowserDialog browser({node}, m_dir.filePath("cache"), m_window.get());
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QSignalSpy found(&browser, &app::PacsBrowserDialog::searchFinished);
        browser.setQuery({"", "", "", "MR", ""});
        browser.search();
        QVERIFY(found.wait(20000));
        QCOMPARE(found.first().first().toInt(), 1);
        QSignalSpy listed(&browser, &app::PacsBrowserDialog::seriesListed);
        browser.results()->topLevelItem(0)->setExpanded(true);
        QVERIFY(listed.wait(20000));
        QTreeWidgetItem* series = browser.results()->topLevelItem(0)->child(0);
        QVERIFY(series);
        QCOMPARE(series->text(4), QString("20"));
        browser.results()->setCurrentItem(series);
        screenshot(&browser, "open-from-pacs-dialog");
        QSignalSpy retrieved(&browser, &app::PacsBrowserDialog::seriesRetrieved);
        browser.retrieve(series);
        QVERIFY(retrieved.wait(60000));
        const QString folder = retrieved.first().first().toString();
        QCOMPARE(QDir(folder).entryList(QDir::Files).size(), 20);
        m_window->labelSession()->markSaved(); // the earlier test's import: no "unsaved edits" question
        QSignalSpy opened(m_window.get(), &app::MainWindow::studyOpened);
        m_window->openStudy(folder);
        QVERIFY(opened.wait(20000));
        QCOMPARE(m_window->study().study->volume.geometry().size,
                 (std::array<std::int64_t, 3>{256, 256, 20}));
        screenshot(m_window.get(), "opened-from-pacs");
        if (!qEnvironmentVariable("DELINEATE_SCREENSHOTS").isEmpty()) {
            QMenu* file = m_window->menuBar()->actions().first()->menu();
            file->popup(m_window->mapToGlobal(QPoint(0, m_window->menuBar()->height())));
            QTest::qWait(400);
            QGuiApplication::primaryScreen()->grabWindow(0).save(
                qEnvironmentVariable("DELINEATE_SCREENSHOTS") + "/file-menu.png");
            file->close();
        }
    }

    void cleanupTestCase()
    {
        if (m_window)
            m_window->labelSession()->markSaved(); // no "unsaved edits" question on closing
        m_window.reset();
    }

private:
    QTemporaryDir m_dir;
    QString m_series;
    std::unique_ptr<app::MainWindow> m_window;
};

DELINEATE_TEST_MAIN(TestPacsSegGui)
#include "tst_pacs_seg_gui.moc"
