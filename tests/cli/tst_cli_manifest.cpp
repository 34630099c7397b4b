// delineate-cli --manifest / --task-index (app/cli/Manifest.h), run as a user runs it: row N of a CSV or JSON
// manifest becomes the options of one run (task index from --task-index or SLURM_ARRAY_TASK_ID); relative
// paths are taken from the manifest's folder; bad manifests and indexes give one line. The command run is
// `eval` on label maps the test paints: identical maps (Dice 1) in row 0, disjoint ones (Dice 0) in row 1.

#include "../support/CliRun.h"
#include "image/LabelMap.h"
#include "io/StudyLoader.h"
#include "support/QtTestMain.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace delineate;

namespace {

bool writeMap(const QString& path, std::int64_t from, std::int64_t to)
{
    image::Geometry grid;
    grid.size = {16, 16, 4};
    auto map = image::LabelMap::create(grid);
    auto volume = image::Volume::create(grid);
    if (!map.ok() || !volume.ok())
        return false;
    for (std::int64_t k = 0; k < 4; ++k)
        for (std::int64_t j = from; j < to; ++j)
            for (std::int64_t i = from; i < to; ++i)
                map->at(i, j, k) = 1;
    io::Study study;
    study.volume = std::move(volume).value();
    study.format = "nifti";
    return io::saveLabelMap(*map, study, path.toStdString()).ok();
}

double diceOf(const test::CliRun& run)
{
    const QJsonObject json = QJsonDocument::fromJson(run.out.toUtf8()).object();
    return json["dice"].toDouble(-1);
}

} // namespace

class TestCliManifest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(m_dir.filePath("maps"));
        QVERIFY(writeMap(m_dir.filePath("maps/a.nii.gz"), 2, 8));
        QVERIFY(writeMap(m_dir.filePath("maps/b.nii.gz"), 9, 14));
        QFile csv(m_dir.filePath("studies.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write(
            "prediction,reference,label\nmaps/a.nii.gz,maps/a.nii.gz,1\n\"maps/a.nii.gz\",maps/b.nii.gz,1\n");
        csv.close();
        QFile json(m_dir.filePath("studies.json"));
        QVERIFY(json.open(QIODevice::WriteOnly));
        json.write(R"([{"prediction": "maps/a.nii.gz", "reference": "maps/a.nii.gz", "label": 1},
                       {"prediction": "maps/a.nii.gz", "reference": "maps/b.nii.gz", "label": 1}])");
        json.close();
    }

    void rowBecomesOptions_data()
    {
        QTest::addColumn<QString>("manifest");
        QTest::addColumn<QString>("index");
        QTest::addColumn<double>("dice");
        QTest::newRow("csv row 0") << "studies.csv"
                                   << "0" << 1.0;
        QTest::newRow("csv row 1") << "studies.csv"
                                   << "1" << 0.0;
        QTest::newRow("json row 1") << "studies.json"
                                    << "1" << 0.0;
    }
    void rowBecomesOptions()
    {
        QFETCH(QString, manifest);
        QFETCH(QString, index);
        QFETCH(double, dice);
        // Run from another folder: the relative paths must come from the manifest's folder.
        const auto run =
            test::runCli({"eval", "--manifest", m_dir.filePath(manifest), "--task-index", index}, 60000);
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(diceOf(run), dice);
    }

    void slurmArrayTaskIdIsTheDefault()
    {
        qputenv("SLURM_ARRAY_TASK_ID", "1");
        const auto run = test::runCli({"eval", "--manifest", m_dir.filePath("studies.csv")}, 60000);
        qunsetenv("SLURM_ARRAY_TASK_ID");
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        QCOMPARE(diceOf(run), 0.0);
    }

    void badUseGivesOneLine_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("index out of range")
            << QStringList{"--task-index", "2"} << "task index 2 but the manifest has 2";
        QTest::newRow("no index") << QStringList{} << "--manifest needs --task-index N";
        QTest::newRow("duplicate option") << QStringList{"--task-index", "0", "--label", "1"}
                                          << "--label is given both on the command line and in the manifest";
    }
    void badUseGivesOneLine()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        qunsetenv("SLURM_ARRAY_TASK_ID");
        const auto run =
            test::runCli(QStringList{"eval", "--manifest", m_dir.filePath("studies.csv")} + arguments, 60000);
        QVERIFY(run.exitCode != 0);
        QVERIFY2(run.err.contains(message), qPrintable(run.err));
        QCOMPARE(run.err.count('\n'), 1);
    }

private:
    QTemporaryDir m_dir;
};

DELINEATE_TEST_GUILESS_MAIN(TestCliManifest)
#include "tst_cli_manifest.moc"
