// The one atomic writer (base/AtomicFile.h), guarantee by guarantee: a replaced file keeps its
// permissions and nothing else is left in the folder; a full disk (RLIMIT_FSIZE, SIGXFSZ ignored) or an
// abandoned write keeps the previous file and reports one line naming the file and the reason;
// companion files move together, and a failed rename of the second puts the first one back; a writer
// killed (SIGKILL) mid-write leaves its staging folder, which the next write into the folder removes;
// one killed between the renames of a pair leaves a half-replaced pair, which the next write puts back
// (and a pair whose last rename happened stays new); staging folders of live writers stay unless older
// than the bound. Killed writers are this executable started again in a child mode.

#include "../support/FileSizeLimit.h"
#include "StagingFolder.h"
#include "base/AtomicFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace delineate;
namespace fs = std::filesystem;

namespace {

std::string contentOf(const std::string& path)
{
    auto bytes = readFile(path);
    return bytes ? *bytes : std::string("<missing>");
}

void put(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

QStringList entriesOf(const QString& folder)
{
    QStringList names =
        QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    names.sort();
    return names;
}

bool oneLineNaming(const Error& error, const std::string& path, int errorNumber)
{
    const std::string message = error.message();
    return error.code == ErrorCode::WriteFailed && message.find('\n') == std::string::npos &&
           message.find(path) != std::string::npos &&
           message.find(std::strerror(errorNumber)) != std::string::npos;
}

// ---- child modes: writers that get killed ----------------------------------------------------------

// Stages 1 MiB for `path`, says so, and waits to be killed.
int childWrite(const std::string& path)
{
    auto file = AtomicFile::begin(path);
    if (!file || !file->write(std::string(1 << 20, 'x')))
        return 2;
    std::puts("staged");
    std::fflush(stdout);
    for (;;)
        ::pause();
}

int g_killAfterRenames = 0;

// Writes the pair <stem>.mhd + <stem>.raw ("new ...") and is killed after `renames` renames of its commit.
int childPair(const std::string& mhd, int renames)
{
    g_killAfterRenames = renames;
    detail::setRenameHookForTesting([](int renamed) {
        if (renamed == g_killAfterRenames)
            ::raise(SIGKILL);
    });
    auto file = AtomicFile::begin(mhd);
    if (!file)
        return 2;
    put(file->stagingPath(), "new header");
    put(fs::path(file->stagingPath()).replace_extension(".raw").string(), "new data");
    (void)file->commit();
    return 3; // not reached when killed
}

} // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void replacesKeepingPermissionsAndLeavesNothingElse()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("f.json").toStdString();
        QVERIFY(writeFileAtomically(path, "first").ok());
        QVERIFY(::chmod(path.c_str(), 0600) == 0);
        QVERIFY(writeFileAtomically(path, "second").ok());
        QCOMPARE(contentOf(path), std::string("second"));
        struct stat info {};
        QVERIFY(::stat(path.c_str(), &info) == 0);
        QCOMPARE(int(info.st_mode & 07777), 0600);
        QCOMPARE(entriesOf(dir.path()), QStringList{"f.json"});
    }

    void fullDiskKeepsThePreviousFile_data()
    {
        QTest::addColumn<bool>("streaming");
        QTest::newRow("writeFileAtomically") << false;
        QTest::newRow("AtomicFile::write, several calls") << true;
    }
    void fullDiskKeepsThePreviousFile()
    {
        QFETCH(bool, streaming);
        QTemporaryDir dir;
        const std::string path = dir.filePath("f.bin").toStdString();
        put(path, "previous");
        Result<void> written;
        {
            delineate::test::FileSizeLimit limit(4096);
            QVERIFY(limit.active());
            if (!streaming) {
                written = writeFileAtomically(path, std::string(10000, 'n'));
            } else {
                auto file = AtomicFile::begin(path);
                QVERIFY(file.ok());
                for (int n = 0; n < 10 && written.ok(); ++n)
                    written = file->write(std::string(1000, 'n'));
                if (written.ok())
                    written = file->commit();
            }
        }
        QVERIFY(!written.ok());
        QVERIFY2(oneLineNaming(written.error(), path, EFBIG), written.error().message().c_str());
        QCOMPARE(contentOf(path), std::string("previous"));
        QCOMPARE(entriesOf(dir.path()), QStringList{"f.bin"});
    }

    void missingFolderAndAbandonedWrites()
    {
        QTemporaryDir dir;
        const std::string missing = dir.filePath("absent/f.json").toStdString();
        const auto failed = writeFileAtomically(missing, "x");
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error().message().find(missing) != std::string::npos,
                 failed.error().message().c_str());
        const std::string path = dir.filePath("f.json").toStdString();
        put(path, "previous");
        {
            auto file = AtomicFile::begin(path);
            QVERIFY(file.ok());
            QVERIFY(file->write("never committed").ok());
        }
        QCOMPARE(contentOf(path), std::string("previous"));
        QCOMPARE(entriesOf(dir.path()), QStringList{"f.json"});
    }

    void companionFilesMoveTogether()
    {
        QTemporaryDir dir;
        const std::string hdr = dir.filePath("pair.hdr").toStdString();
        put(hdr, "old header");
        put(dir.filePath("pair.img").toStdString(), "old data");
        auto file = AtomicFile::begin(hdr);
        QVERIFY(file.ok());
        put(file->stagingPath(), "new header");
        put(fs::path(file->stagingPath()).replace_extension(".img").string(), "new data");
        QVERIFY(file->commit().ok());
        QCOMPARE(contentOf(hdr), std::string("new header"));
        QCOMPARE(contentOf(dir.filePath("pair.img").toStdString()), std::string("new data"));
        QCOMPARE(entriesOf(dir.path()), (QStringList{"pair.hdr", "pair.img"}));
    }

    // The named file cannot be moved into place (a folder of that name): the companion already moved
    // gets its previous content back.
    void failedSecondRenamePutsTheFirstBack()
    {
        QTemporaryDir dir;
        const std::string hdr = dir.filePath("pair.hdr").toStdString();
        QVERIFY(QDir(dir.path()).mkpath("pair.hdr/inside"));
        put(dir.filePath("pair.img").toStdString(), "old data");
        auto file = AtomicFile::begin(hdr);
        QVERIFY(file.ok());
        put(file->stagingPath(), "new header");
        put(fs::path(file->stagingPath()).replace_extension(".img").string(), "new data");
        const auto committed = file->commit();
        QVERIFY(!committed.ok());
        QVERIFY2(oneLineNaming(committed.error(), hdr, EISDIR), committed.error().message().c_str());
        QCOMPARE(contentOf(dir.filePath("pair.img").toStdString()), std::string("old data"));
        QCOMPARE(entriesOf(dir.path()), (QStringList{"pair.hdr", "pair.img"}));
    }

    void killedWriterLeavesNoLitterForEver()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("big.bin");
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(), {"--child-write", path});
        QVERIFY(child.waitForStarted());
        QVERIFY(child.waitForReadyRead(30000));
        QCOMPARE(child.readLine().trimmed(), QByteArray("staged"));
        ::kill(pid_t(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        const QStringList litter = entriesOf(dir.path());
        QCOMPARE(litter.size(), 1); // the dead writer's staging folder (SIGKILL: nothing could remove it)
        QVERIFY(litter.first().startsWith(".big.bin.delineate-"));

        QVERIFY(writeFileAtomically(dir.filePath("other.json").toStdString(), "{}").ok());
        QCOMPARE(entriesOf(dir.path()), QStringList{"other.json"});
    }

    void killedBetweenRenames_data()
    {
        QTest::addColumn<int>("renames");
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("data");
        // .raw is renamed first, .mhd last.
        QTest::newRow("after the companion: put back") << 1 << "old header"
                                                       << "old data";
        QTest::newRow("after both: complete, kept") << 2 << "new header"
                                                    << "new data";
    }
    void killedBetweenRenames()
    {
        QFETCH(int, renames);
        QFETCH(QString, header);
        QFETCH(QString, data);
        QTemporaryDir dir;
        const std::string mhd = dir.filePath("pair.mhd").toStdString();
        const std::string raw = dir.filePath("pair.raw").toStdString();
        put(mhd, "old header");
        put(raw, "old data");
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {"--child-pair", QString::fromStdString(mhd), QString::number(renames)});
        QVERIFY(child.waitForFinished(30000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QCOMPARE(contentOf(raw), std::string("new data")); // renamed before the writer died
        QCOMPARE(contentOf(mhd), renames == 1 ? std::string("old header") : std::string("new header"));

        QVERIFY(writeFileAtomically(dir.filePath("other.json").toStdString(), "{}").ok());
        QCOMPARE(contentOf(mhd), header.toStdString());
        QCOMPARE(contentOf(raw), data.toStdString());
        QCOMPARE(entriesOf(dir.path()), (QStringList{"other.json", "pair.mhd", "pair.raw"}));
    }

    // A live writer's staging folder stays (unless older than the bound); unrelated hidden files stay.
    void liveWritersAndOtherFilesAreLeftAlone()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        auto pending = AtomicFile::begin(folder + "/pending.bin");
        QVERIFY(pending.ok());
        QVERIFY(pending->write("still writing").ok());
        put(folder + "/.hidden", "mine");
        put(folder + "/.notes.delineate-draft", "mine too");
        QVERIFY(QDir(dir.path()).mkdir(".old.nii.delineate-Ab12Cd")); // an earlier version's, fresh
        QCOMPARE(removeStaleStaging(folder), std::size_t(0));
        QVERIFY(writeFileAtomically(folder + "/other.json", "{}").ok());
        QCOMPARE(entriesOf(dir.path()).size(), 5);
        QVERIFY(pending->commit().ok());
        QCOMPARE(contentOf(folder + "/pending.bin"), std::string("still writing"));

        // Older than the bound: stale even though this process (its owner) runs.
        auto forgotten = AtomicFile::begin(folder + "/forgotten.bin");
        QVERIFY(forgotten.ok());
        const fs::path staging = fs::path(forgotten->stagingPath()).parent_path();
        const auto old = fs::file_time_type::clock::now() - std::chrono::hours(48);
        fs::last_write_time(staging, old);
        fs::last_write_time(folder + "/.old.nii.delineate-Ab12Cd", old);
        QCOMPARE(removeStaleStaging(folder), std::size_t(2));
        QCOMPARE(entriesOf(dir.path()),
                 (QStringList{".hidden", ".notes.delineate-draft", "other.json", "pending.bin"}));
    }
};

int main(int argc, char** argv)
{
    if (argc == 3 && std::strcmp(argv[1], "--child-write") == 0)
        return childWrite(argv[2]);
    if (argc == 4 && std::strcmp(argv[1], "--child-pair") == 0)
        return childPair(argv[2], std::atoi(argv[3]));
    QCoreApplication application(argc, argv);
    TestAtomicFile test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_atomic_file.moc"
