// LabelTable editing, the default palette, and its two file forms: Delineate's JSON and ITK-SNAP's label
// description text — round trips through QTemporaryDir and strict, line-numbered errors for bad files.

#include "../support/FileSizeLimit.h"
#include "labels/DefaultPalette.h"
#include "labels/ItkSnapLabelFile.h"
#include "labels/LabelTable.h"
#include "labels/LabelTableJson.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <set>

using namespace delineate;
using namespace delineate::labels;

namespace {

LabelTable sampleTable()
{
    LabelTable table;
    (void)table.set({1, "Liver", {230, 25, 75}, true, false, 1.0});
    (void)table.set({2, "Right kidney", {60, 180, 75}, false, true, 0.5});
    (void)table.set({300, "Tumour \"A\" ünïcode", {0, 0, 255}, true, true, 0.25});
    return table;
}

// The sample as ITK-SNAP writes it (header comments, background line, aligned columns).
constexpr const char* kItkSnapSample = R"(################################################
# ITK-SnAP Label Description File
# File format:
# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL
# Fields:
#    IDX:   Zero-based index
#    -R-:   Red color component (0..255)
#    -G-:   Green color component (0..255)
#    -B-:   Blue color component (0..255)
#    -A-:   Label transparency (0.00 .. 1.00)
#    VIS:   Label visibility (0 or 1)
#    IDX:   Label mesh visibility (0 or 1)
#  LABEL:   Label description
################################################
    0     0    0    0        0  0  0    "Clear Label"
    1   255    0    0        1  1  1    "Label 1"
    2     0  255    0      0.5  0  1    "Left hippocampus"
   17    10   20   30        1  1  0    ""
)";

} // namespace

class TestLabelTable : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void editing()
    {
        LabelTable table;
        QCOMPARE(table.nextFreeValue(), std::uint16_t(1));
        auto first = table.addNew("Liver");
        auto second = table.addNew();
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(first->value, std::uint16_t(1));
        QCOMPARE(second->name, std::string("Label 2"));
        QCOMPARE(first->colour, defaultColour(1));
        QVERIFY(table.remove(1));
        QVERIFY(!table.remove(1));
        QCOMPARE(table.nextFreeValue(), std::uint16_t(1)); // gaps are reused
        QVERIFY(table.setLocked(2, true));
        QVERIFY(table.setVisible(2, false));
        QVERIFY(table.find(2)->locked && !table.find(2)->visible);
        QVERIFY(!table.setLocked(99, true));
        QCOMPARE(table.set({0, "Background", {}, true, false, 1.0}).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(table.set({5, "", {}, true, false, 1.0}).error().code, ErrorCode::InvalidArgument);
        QCOMPARE(table.set({5, "x", {}, true, false, 1.5}).error().code, ErrorCode::InvalidArgument);
        // Replacing keeps one entry per value, sorted.
        QVERIFY(table.set({9, "Nine", {}, true, false, 1.0}).ok());
        QVERIFY(table.set({3, "Three", {}, true, false, 1.0}).ok());
        QVERIFY(table.set({9, "Nine again", {}, true, false, 1.0}).ok());
        QCOMPARE(table.size(), std::size_t(3));
        QCOMPARE(table.entries().front().value, std::uint16_t(2));
        QCOMPARE(table.entries().back().name, std::string("Nine again"));
    }

    void paletteIsDistinct()
    {
        std::set<std::tuple<int, int, int>> seen;
        for (std::uint16_t v = 1; v <= 64; ++v) {
            const Rgb c = defaultColour(v);
            QVERIFY2(seen.insert({c.red, c.green, c.blue}).second,
                     qPrintable(QString("duplicate colour for %1").arg(v)));
            QVERIFY(c.red + c.green + c.blue > 0); // never black (the background)
        }
        QCOMPARE(defaultColour(700), defaultColour(700));
    }

    void jsonRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("labels.json").toStdString();
        const LabelTable table = sampleTable();
        QVERIFY(writeLabelTableJson(table, path).ok());
        auto reread = readLabelTableJson(path);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message().c_str());
        QVERIFY(*reread == table);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"labels.json"});
        QCOMPARE(labelTablePathFor("/a/b/labels.nii.gz"), std::string("/a/b/labels.json"));
        QCOMPARE(labelTablePathFor("seg.nrrd"), std::string("seg.json"));
        auto empty = fromJson(toJson(LabelTable{}));
        QVERIFY(empty.ok() && empty->empty());
    }

    void malformedJson_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("mentions");
        const QByteArray head = R"({"format": "delineate-labels", "version": 1, "labels": )";
        QTest::newRow("not json") << QByteArray("{labels: [") << int(ErrorCode::CorruptData) << "JSON";
        QTest::newRow("array at top") << QByteArray("[]") << int(ErrorCode::CorruptData) << "object";
        QTest::newRow("no format") << QByteArray(R"({"labels": []})") << int(ErrorCode::UnsupportedFormat)
                                   << "format";
        QTest::newRow("future version")
            << QByteArray(R"({"format": "delineate-labels", "version": 7, "labels": []})")
            << int(ErrorCode::UnsupportedFormat) << "version";
        QTest::newRow("labels not array") << head + "{}}" << int(ErrorCode::CorruptData) << "array";
        QTest::newRow("value zero") << head + R"([{"value": 0, "name": "x", "colour": [1,2,3]}]})"
                                    << int(ErrorCode::CorruptData) << "value";
        QTest::newRow("value too big") << head + R"([{"value": 70000, "name": "x", "colour": [1,2,3]}]})"
                                       << int(ErrorCode::CorruptData) << "65535";
        QTest::newRow("value as text") << head + R"([{"value": "3", "name": "x", "colour": [1,2,3]}]})"
                                       << int(ErrorCode::CorruptData) << "value";
        QTest::newRow("missing name")
            << head + R"([{"value": 3, "colour": [1,2,3]}]})" << int(ErrorCode::CorruptData) << "label 3";
        QTest::newRow("short colour") << head + R"([{"value": 3, "name": "x", "colour": [1,2]}]})"
                                      << int(ErrorCode::CorruptData) << "colour";
        QTest::newRow("colour 256") << head + R"([{"value": 3, "name": "x", "colour": [1,2,256]}]})"
                                    << int(ErrorCode::CorruptData) << "255";
        QTest::newRow("visible not bool")
            << head + R"([{"value": 3, "name": "x", "colour": [1,2,3], "visible": 1}]})"
            << int(ErrorCode::CorruptData) << "visible";
        QTest::newRow("opacity 2") << head +
                                          R"([{"value": 3, "name": "x", "colour": [1,2,3], "opacity": 2}]})"
                                   << int(ErrorCode::CorruptData) << "opacity";
        QTest::newRow("duplicate")
            << head +
                   R"([{"value": 3, "name": "x", "colour": [1,2,3]}, {"value": 3, "name": "y", "colour": [1,2,3]}]})"
            << int(ErrorCode::CorruptData) << "twice";
    }
    void malformedJson()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, code);
        QFETCH(QString, mentions);
        auto table = fromJson(text.toStdString(), "labels.json");
        QVERIFY(!table.ok());
        QCOMPARE(int(table.error().code), code);
        const QString message = QString::fromStdString(table.error().message());
        QVERIFY2(message.contains(mentions) && message.startsWith("labels.json"), qPrintable(message));
    }

    void itkSnapImport()
    {
        auto table = fromItkSnapText(kItkSnapSample);
        QVERIFY2(table.ok(), table.ok() ? "" : table.error().message().c_str());
        QCOMPARE(table->size(), std::size_t(3)); // "Clear Label" is the background
        const LabelEntry* hippocampus = table->find(2);
        QVERIFY(hippocampus);
        QCOMPARE(hippocampus->name, std::string("Left hippocampus"));
        QCOMPARE(hippocampus->colour, (Rgb{0, 255, 0}));
        QCOMPARE(hippocampus->opacity, 0.5);
        QVERIFY(!hippocampus->visible && !hippocampus->locked);
        QCOMPARE(table->find(17)->name, std::string("Label 17"));
    }

    void itkSnapRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("labels.txt").toStdString();
        LabelTable table = sampleTable();
        QVERIFY(writeItkSnapLabelFile(table, path).ok());
        auto reread = readItkSnapLabelFile(path);
        QVERIFY2(reread.ok(), reread.ok() ? "" : reread.error().message().c_str());
        // ITK-SNAP has no lock column and no quotes inside names.
        QCOMPARE(reread->size(), table.size());
        for (const LabelEntry& entry : table.entries()) {
            const LabelEntry* back = reread->find(entry.value);
            QVERIFY(back);
            QCOMPARE(back->colour, entry.colour);
            QCOMPARE(back->visible, entry.visible);
            QCOMPARE(back->opacity, entry.opacity);
            QVERIFY(!back->locked);
        }
        QCOMPARE(reread->find(300)->name, std::string("Tumour 'A' ünïcode"));
        const QString text = QString::fromStdString(toItkSnapText(table));
        QVERIFY(text.contains("# IDX   -R-  -G-  -B-  -A--  VIS MSH  LABEL"));
        QVERIFY(text.contains(QRegularExpression(R"(\n\s+0\s+0\s+0\s+0\s+0\s+0\s+0\s+"Clear Label")")));
    }

    // Found by fuzz_labels (tests/fuzz/regressions/labels/itksnap-name-not-utf8.txt): a name that is not
    // UTF-8 was kept as raw bytes and became U+FFFD in labels.json. Expected bytes by hand: Latin-1 E4 ("ä")
    // and FC ("ü") are U+00E4 = C3 A4 and U+00FC = C3 BC in UTF-8; valid UTF-8 stays as it is.
    void itkSnapLatin1Names()
    {
        auto table = fromItkSnapText("  1  255 0 0  1 1 1  \"L\xE4sion gr\xFCn\"\n"
                                     "  2  0 255 0  1 1 1  \"L\xC3\xA4sion\"\n");
        QVERIFY2(table.ok(), table.ok() ? "" : table.error().message().c_str());
        QCOMPARE(table->find(1)->name, std::string("L\xC3\xA4sion gr\xC3\xBCn"));
        QCOMPARE(table->find(2)->name, std::string("L\xC3\xA4sion"));
        auto json = fromJson(toJson(*table));
        QVERIFY(json.ok());
        QVERIFY(*json == *table);
    }

    void malformedItkSnap_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << QByteArray("") << "no label lines";
        QTest::newRow("only comments") << QByteArray("# nothing\n#\n") << "no label lines";
        QTest::newRow("no quotes") << QByteArray("1 255 0 0 1 1 1 Liver\n") << "line 1";
        QTest::newRow("missing column") << QByteArray("# c\n1 255 0 0 1 1 \"Liver\"\n") << "line 2";
        QTest::newRow("letters") << QByteArray("1 red 0 0 1 1 1 \"Liver\"\n") << "line 1";
        QTest::newRow("colour 300") << QByteArray("1 300 0 0 1 1 1 \"Liver\"\n") << "255";
        QTest::newRow("alpha 1.5") << QByteArray("1 255 0 0 1.5 1 1 \"Liver\"\n") << "opacity";
        QTest::newRow("visibility 2") << QByteArray("1 255 0 0 1 2 1 \"Liver\"\n") << "VIS";
        QTest::newRow("value 70000") << QByteArray("70000 255 0 0 1 1 1 \"Liver\"\n") << "65535";
        QTest::newRow("negative") << QByteArray("-1 255 0 0 1 1 1 \"Liver\"\n") << "line 1";
        QTest::newRow("duplicate") << QByteArray("1 1 1 1 1 1 1 \"a\"\n1 2 2 2 1 1 1 \"b\"\n") << "twice";
        QTest::newRow("junk after name")
            << QByteArray("1 1 1 1 1 1 1 \"a\" extra\n") << "after the label name";
        QTest::newRow("extra number") << QByteArray("1 1 1 1 1 1 1 9 \"a\"\n") << "unexpected field";
    }
    void malformedItkSnap()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, mentions);
        auto table = fromItkSnapText(text.toStdString(), "snap.txt");
        QVERIFY(!table.ok());
        const QString message = QString::fromStdString(table.error().message());
        QVERIFY2(message.contains(mentions) && message.startsWith("snap.txt"), qPrintable(message));
    }

    void fileErrors()
    {
        QTemporaryDir dir;
        auto missing = readLabelTableJson(dir.filePath("absent.json").toStdString());
        QCOMPARE(missing.error().code, ErrorCode::FileNotFound);
        auto unwritable = writeLabelTableJson(sampleTable(), "/nonexistent-folder/labels.json");
        QCOMPARE(unwritable.error().code, ErrorCode::WriteFailed);
        QFile big(dir.filePath("big.txt"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(17 << 20));
        big.close();
        QCOMPARE(readItkSnapLabelFile(big.fileName().toStdString()).error().code, ErrorCode::TooLarge);
    }

    // A full disk (RLIMIT_FSIZE, SIGXFSZ ignored: writes past the cap fail with EFBIG): both file forms
    // report one line naming the file and the reason and keep the previous file; nothing else is left.
    void fullDiskKeepsThePreviousFile_data()
    {
        QTest::addColumn<bool>("json");
        QTest::newRow("labels.json") << true;
        QTest::newRow("ITK-SNAP text") << false;
    }
    void fullDiskKeepsThePreviousFile()
    {
        QFETCH(bool, json);
        QTemporaryDir dir;
        const std::string path = dir.filePath(json ? "labels.json" : "labels.txt").toStdString();
        LabelTable big;
        for (std::uint16_t value = 1; value < 2000; ++value)
            (void)big.set({value, "structure number " + std::to_string(value), {1, 2, 3}, true, true, 1.0});
        QVERIFY(json ? writeLabelTableJson(sampleTable(), path).ok()
                     : writeItkSnapLabelFile(sampleTable(), path).ok());
        const auto before =
            QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QFile previous(QString::fromStdString(path));
        QVERIFY(previous.open(QIODevice::ReadOnly));
        const QByteArray previousBytes = previous.readAll();
        previous.close();
        Result<void> written;
        {
            delineate::test::FileSizeLimit limit(4096);
            QVERIFY(limit.active());
            written = json ? writeLabelTableJson(big, path) : writeItkSnapLabelFile(big, path);
        }
        QVERIFY(!written.ok());
        const std::string message = written.error().message();
        QVERIFY2(message.find(path) != std::string::npos && message.find('\n') == std::string::npos,
                 message.c_str());
        QVERIFY2(message.find(std::strerror(EFBIG)) != std::string::npos, message.c_str());
        QVERIFY(previous.open(QIODevice::ReadOnly));
        QVERIFY(previous.readAll() == previousBytes);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), before);
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestLabelTable)
#include "tst_label_table.moc"
