// delineate-cli under write faults, run as a user runs it (a separate process):
// - a full disk (RLIMIT_FSIZE in the child with SIGXFSZ ignored: writes past the cap fail with EFBIG as
//   writes to a full disk fail with ENOSPC) while `convert` writes .nii, .nii.gz, .mha, .mhd (+ .raw),
//   .nrrd, .nhdr (+ data file) and `predict` writes a PNG mask or .npy logits: the exit code is not 0,
//   stderr is one line naming the file, and the final path holds the previous file (or nothing), with
//   no staging file left beside it;
// - a `convert` killed with SIGKILL in the middle of writing leaves its staging entry behind (nothing can
//   run after SIGKILL), and the next write into that folder removes it.
// The expected bytes are those of the previous file, read before the faulty run.

#include "io/StudyLoader.h"
#include "support/CliRun.h"
#include "support/FileSizeLimit.h"
#include "support/TestData.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstdint>

using namespace delineate;

namespace {

const QString kVitT = QStringLiteral(DELINEATE_SHARED_DIR "/fixtures/sam/vit_t.pth");

// A float volume of pseudo-random values (so that compression cannot shrink it below the cap).
image::Volume noiseVolume(std::int64_t nx, std::int64_t ny, std::int64_t nz, std::uint32_t seed)
{
    image::Geometry g;
    g.size = {nx, ny, nz};
    g.spacing = {0.8, 0.9, 2.5};
    auto volume = image::Volume::create(g).value();
    volume.sourceType = image::ComponentType::Float32;
    std::uint32_t state = seed;
    for (std::size_t n = 0; n < volume.elementCount(); ++n) {
        state = state * 1664525u + 1013904223u;
        volume.data()[n] = float(state >> 8) / 65536.0f;
    }
    return volume;
}

QByteArray contentOf(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every entry of `folder`, hidden ones included.
QStringList entriesOf(const QString& folder)
{
    QStringList names =
        QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

delineate::test::CliRun runLimited(const QStringList& arguments, std::uint64_t fileSizeLimit)
{
    QProcess process;
    process.setChildProcessModifier(delineate::test::FileSizeLimit::childModifier(fileSizeLimit));
    process.start(QStringLiteral(DELINEATE_CLI), arguments);
    delineate::test::CliRun run;
    if (!process.waitForFinished(300000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// The failed run's report: one line, naming the file it could not write.
void checkOneLineNaming(const delineate::test::CliRun& run, const QString& path)
{
    QVERIFY2(run.exitCode > 0,
             qPrintable(QStringLiteral("exit code %1, stdout: %2").arg(run.exitCode).arg(run.out)));
    const QString err = run.err.trimmed();
    QVERIFY2(!err.isEmpty() && !err.contains(QLatin1Char('\n')),
             qPrintable(QStringLiteral("stderr: ") + run.err));
    QVERIFY2(err.contains(path), qPrintable(QStringLiteral("stderr does not name %1: %2").arg(path, err)));
}

} // namespace

class TestCliWriteFaults : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_input = m_dir.filePath(QStringLiteral("input.nii"));
        m_previousInput = m_dir.filePath(QStringLiteral("previous.nii"));
        QVERIFY(io::saveVolume(noiseVolume(64, 48, 20, 7), m_input.toStdString()).ok()); // 246 KB of data
        QVERIFY(io::saveVolume(noiseVolume(12, 10, 4, 3), m_previousInput.toStdString()).ok());
    }

    void convertOnAFullDisk_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("companion"); // a data file written beside the header, or empty
        QTest::addColumn<bool>("previous");     // a previous file is at the final path
        for (const bool previous : {true, false}) {
            const char* suffix = previous ? " over a previous file" : " (no previous file)";
            QTest::newRow(qPrintable(QStringLiteral(".nii") + suffix)) << "out.nii"
                                                                       << "" << previous;
            QTest::newRow(qPrintable(QStringLiteral(".nii.gz") + suffix)) << "out.nii.gz"
                                                                          << "" << previous;
            QTest::newRow(qPrintable(QStringLiteral(".mha") + suffix)) << "out.mha"
                                                                       << "" << previous;
            QTest::newRow(qPrintable(QStringLiteral(".mhd") + suffix)) << "out.mhd"
                                                                       << "out.zraw" << previous;
            QTest::newRow(qPrintable(QStringLiteral(".nrrd") + suffix)) << "out.nrrd"
                                                                        << "" << previous;
            QTest::newRow(qPrintable(QStringLiteral(".nhdr") + suffix)) << "out.nhdr"
                                                                        << "out.raw.gz" << previous;
        }
    }

    void convertOnAFullDisk()
    {
        QFETCH(QString, name);
        QFETCH(QString, companion);
        QFETCH(bool, previous);
        const QString folder = m_dir.filePath(QStringLiteral("convert-%1-%2").arg(name).arg(previous));
        QVERIFY(QDir().mkpath(folder));
        const QString out = folder + QLatin1Char('/') + name;
        QByteArray before, companionBefore;
        if (previous) {
            const auto first = delineate::test::runCli({"convert", m_previousInput, out});
            QVERIFY2(first.exitCode == 0, qPrintable(first.err));
            before = contentOf(out);
            QVERIFY(!before.isEmpty());
            if (!companion.isEmpty()) {
                companionBefore = contentOf(folder + QLatin1Char('/') + companion);
                QVERIFY2(!companionBefore.isEmpty(), qPrintable(entriesOf(folder).join(QLatin1Char(' '))));
            }
        }
        const QStringList entriesBefore = entriesOf(folder);

        const auto run = runLimited({"convert", m_input, out}, 64 * 1024);
        checkOneLineNaming(run, out);
        if (QTest::currentTestFailed())
            return;
        // The previous file (and its data file) untouched, or still nothing; no staging file left.
        QCOMPARE(entriesOf(folder), entriesBefore);
        if (previous) {
            QVERIFY(contentOf(out) == before);
            if (!companion.isEmpty())
                QVERIFY(contentOf(folder + QLatin1Char('/') + companion) == companionBefore);
        }
    }

    void predictOnAFullDisk_data()
    {
        QTest::addColumn<QString>("option"); // which output is cut off
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("limit");
        // The PNG mask of a 64x48 noise slice takes well over 100 bytes; the logits 3x48x64 floats.
        QTest::newRow("--out mask.png") << "--out"
                                        << "mask.png" << 100;
        QTest::newRow("--logits logits.npy") << "--logits"
                                             << "logits.npy" << 8192;
    }

    void predictOnAFullDisk()
    {
        QFETCH(QString, option);
        QFETCH(QString, name);
        QFETCH(int, limit);
        if (!QFileInfo::exists(kVitT))
            DELINEATE_SKIP(qPrintable(QStringLiteral("SAM fixture %1 is missing").arg(kVitT)));
        const QString image = m_dir.filePath(QStringLiteral("slice.nii"));
        if (!QFileInfo::exists(image))
            QVERIFY(io::saveVolume(noiseVolume(64, 48, 1, 11), image.toStdString()).ok());
        const QString folder = m_dir.filePath(QStringLiteral("predict-") + name);
        QVERIFY(QDir().mkpath(folder));
        const QString out = folder + QLatin1Char('/') + name;
        const QByteArray before = QByteArrayLiteral("the previous file, which must survive");
        {
            QFile file(out);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(before);
        }
        QStringList arguments{"predict", "--model", kVitT,     "--image",
                              image,     "--point", "30,20,1", "--multimask"};
        if (option == QLatin1String("--out"))
            arguments << "--out" << out;
        else
            arguments << "--out" << folder + QStringLiteral("/mask.nii") << "--logits" << out;
        const QStringList entriesBefore = entriesOf(folder);
        const auto run = runLimited(arguments, std::uint64_t(limit));
        checkOneLineNaming(run, out);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(contentOf(out) == before);
        QStringList entriesAfter = entriesOf(folder);
        // The mask and its provenance document (docs/provenance.md: the extension replaced) were written
        // before the logits: they stay.
        entriesAfter.removeAll(QStringLiteral("mask.nii"));
        entriesAfter.removeAll(QStringLiteral("mask.provenance.json"));
        QVERIFY2(entriesAfter == entriesBefore, qPrintable(QStringLiteral("after: %1; before: %2")
                                                               .arg(entriesAfter.join(QLatin1Char(' ')),
                                                                    entriesBefore.join(QLatin1Char(' ')))));
    }

    // kill -9 while convert writes: its staging entry stays (nothing runs after SIGKILL); the next write
    // into the folder removes it.
    void killedConvertLeavesNoLitter()
    {
        const QString big = m_dir.filePath(QStringLiteral("big.nii"));
        QVERIFY(io::saveVolume(noiseVolume(256, 256, 160, 5), big.toStdString()).ok()); // 40 MB
        const QString folder = m_dir.filePath(QStringLiteral("killed"));
        QVERIFY(QDir().mkpath(folder));
        bool killedMidWrite = false;
        for (int attempt = 0; attempt < 5 && !killedMidWrite; ++attempt) {
            QProcess process;
            process.start(QStringLiteral(DELINEATE_CLI),
                          {"convert", big, folder + QStringLiteral("/out.nii.gz")});
            QVERIFY(process.waitForStarted());
            QElapsedTimer clock;
            clock.start();
            // As soon as anything appears in the folder the writer is mid-write: kill it.
            while (process.state() == QProcess::Running && clock.elapsed() < 120000) {
                if (!entriesOf(folder).isEmpty() &&
                    !QFileInfo::exists(folder + QStringLiteral("/out.nii.gz"))) {
                    ::kill(pid_t(process.processId()), SIGKILL);
                    killedMidWrite = true;
                    break;
                }
                QTest::qWait(2);
            }
            process.waitForFinished();
            if (!killedMidWrite)
                QDir(folder).removeRecursively(), QDir().mkpath(folder);
        }
        QVERIFY2(killedMidWrite, "convert always finished before it could be killed");
        const QStringList litter = entriesOf(folder);
        QVERIFY2(!litter.isEmpty(), "the killed writer left nothing: the test did not kill it mid-write");
        QVERIFY(!litter.contains(QStringLiteral("out.nii.gz")));

        // The next write into the folder (another file) removes the dead writer's staging entry.
        const auto next =
            delineate::test::runCli({"convert", m_previousInput, folder + QStringLiteral("/next.nii")});
        QVERIFY2(next.exitCode == 0, qPrintable(next.err));
        QCOMPARE(entriesOf(folder), QStringList{QStringLiteral("next.nii")});
    }

private:
    QTemporaryDir m_dir;
    QString m_input;
    QString m_previousInput;
};

DELINEATE_TEST_GUILESS_MAIN(TestCliWriteFaults)
#include "tst_cli_write_faults.moc"
