// Colour tables of other tools (issue 16.2): format detection by content, each parser against lines
// written by hand from the format's documentation (FreeSurferColorLUT.txt's "#No. Label Name: R G B A"
// header; 3D Slicer's .ctbl "value name R G B A"; ITK-SNAP's label description file; MRIcron's
// "value name" text and 768-byte planar LUT), line-numbered errors, the sidecar beside a label map, and
// the real AAL table of the shared data (expected values read by hand from the files with sed and xxd).

#include "labels/ColourTableFile.h"
#include "labels/DefaultPalette.h"
#include "labels/LabelTableJson.h"
#include "labels/LabelTableSidecar.h"
#include "support/TestData.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace delineate;
using namespace delineate::labels;

Q_DECLARE_METATYPE(delineate::labels::ColourTableFormat)

namespace {

constexpr const char* kFreeSurfer = "#$Id: FreeSurferColorLUT.txt\r\n"
                                    "\r\n"
                                    "#No. Label Name:                            R   G   B   A\r\n"
                                    "0   Unknown                                 0   0   0   0\r\n"
                                    "2   Left-Cerebral-White-Matter              245 245 245 0\r\n"
                                    "17  Left-Hippocampus                        220 216 20  0\r\n";

constexpr const char* kSlicer = "# Color table file /tmp/Generic.ctbl\n"
                                "# 3 values\n"
                                "0 Background 0 0 0 0\n"
                                "1 tissue 128 174 128 255\n"
                                "2 bone 241 214 145 51\n";

constexpr const char* kItkSnap = "# ITK-SnAP Label Description File\n"
                                 "    0     0    0    0        0  0  0    \"Clear Label\"\n"
                                 "    5   255    0    0        1  1  1    \"Left lung\"\n";

constexpr const char* kMricronSpaces = "1 Precentral_L 2001\r\n2 Precentral_R 2002\r\n";
constexpr const char* kMricronTabs = "0\tUnclassified\r\n1\tMiddle cerebellar peduncle\r\n";

std::string lut(std::uint8_t value, Rgb colour)
{
    std::string bytes(768, '\0');
    bytes[value] = char(colour.red);
    bytes[256 + value] = char(colour.green);
    bytes[512 + value] = char(colour.blue);
    return bytes;
}

void write(const QString& path, const std::string& content)
{
    std::ofstream(path.toStdString(), std::ios::binary) << content;
}

} // namespace

class TestColourTable : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void detectsByContent_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<ColourTableFormat>("format");
        QTest::newRow("json") << QByteArray(R"({"format": "delineate-labels", "version": 1, "labels": []})")
                              << ColourTableFormat::DelineateJson;
        QTest::newRow("itk-snap") << QByteArray(kItkSnap) << ColourTableFormat::ItkSnap;
        QTest::newRow("slicer") << QByteArray(kSlicer) << ColourTableFormat::Slicer;
        QTest::newRow("freesurfer") << QByteArray(kFreeSurfer) << ColourTableFormat::FreeSurfer;
        QTest::newRow("mricron spaces") << QByteArray(kMricronSpaces) << ColourTableFormat::MricronNames;
        QTest::newRow("mricron tabs") << QByteArray(kMricronTabs) << ColourTableFormat::MricronNames;
        const std::string bytes = lut(1, {1, 2, 3});
        QTest::newRow("mricron lut") << QByteArray(bytes.data(), int(bytes.size()))
                                     << ColourTableFormat::MricronLut;
    }
    void detectsByContent()
    {
        QFETCH(QByteArray, content);
        QFETCH(ColourTableFormat, format);
        const Result<ColourTableFormat> detected = detectColourTableFormat(content.toStdString(), "table");
        QVERIFY(detected.ok());
        QCOMPARE(*detected, format);
    }

    void rejectsWhatIsNoTable_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("comments only") << QByteArray("# nothing\n\n");
        QTest::newRow("binary, not 768 bytes") << QByteArray("\x01\x02\x03\x00", 4);
        QTest::newRow("prose") << QByteArray("Hello world\n");
    }
    void rejectsWhatIsNoTable()
    {
        QFETCH(QByteArray, content);
        const Result<LabelTable> table = parseColourTable(content.toStdString(), "/data/odd.txt");
        QVERIFY(!table.ok());
        QCOMPARE(table.error().code, ErrorCode::UnsupportedFormat);
        QCOMPARE(table.error().path, std::string("/data/odd.txt"));
    }

    void freeSurferLut()
    {
        const Result<LabelTable> table = parseColourTable(kFreeSurfer, "LUT.txt");
        QVERIFY(table.ok());
        QCOMPARE(table->size(), std::size_t(2)); // 0 Unknown is the background
        QCOMPARE(table->find(2)->name, std::string("Left-Cerebral-White-Matter"));
        QCOMPARE(table->find(2)->colour, (Rgb{245, 245, 245}));
        QCOMPARE(table->find(17)->name, std::string("Left-Hippocampus"));
        QCOMPARE(table->find(17)->colour, (Rgb{220, 216, 20}));
        QCOMPARE(table->find(17)->opacity, 1.0); // FreeSurfer's A = 0 is not "transparent"
    }

    void slicerColourTable()
    {
        const Result<LabelTable> table = parseColourTable(kSlicer, "Generic.ctbl");
        QVERIFY(table.ok());
        QCOMPARE(table->size(), std::size_t(2));
        QCOMPARE(table->find(1)->name, std::string("tissue"));
        QCOMPARE(table->find(1)->colour, (Rgb{128, 174, 128}));
        QCOMPARE(table->find(1)->opacity, 1.0);
        QCOMPARE(table->find(2)->colour, (Rgb{241, 214, 145}));
        QCOMPARE(table->find(2)->opacity, 0.2); // 51 / 255
    }

    void itkSnapThroughDetection()
    {
        const Result<LabelTable> table = parseColourTable(kItkSnap, "labels.txt");
        QVERIFY(table.ok());
        QCOMPARE(table->size(), std::size_t(1));
        QCOMPARE(table->find(5)->name, std::string("Left lung"));
        QCOMPARE(table->find(5)->colour, (Rgb{255, 0, 0}));
    }

    void mricronNames()
    {
        const Result<LabelTable> spaces = parseColourTable(kMricronSpaces, "aal.nii.txt");
        QVERIFY(spaces.ok());
        QCOMPARE(spaces->size(), std::size_t(2));
        QCOMPARE(spaces->find(1)->name, std::string("Precentral_L"));
        QCOMPARE(spaces->find(2)->name, std::string("Precentral_R"));
        QCOMPARE(spaces->find(2)->colour, defaultColour(2)); // no colours in a names file
        const Result<LabelTable> tabs = parseColourTable(kMricronTabs, "jhu.nii.txt");
        QVERIFY(tabs.ok());
        QCOMPARE(tabs->size(), std::size_t(1));
        QCOMPARE(tabs->find(1)->name, std::string("Middle cerebellar peduncle"));
    }

    // Found by fuzz_colour_tables (tests/fuzz/regressions/colour_tables/mricron-name-not-utf8.txt): a name
    // that is not UTF-8 came through as raw bytes and turned into U+FFFD when the table was saved as
    // labels.json. It is read as Latin-1 now; the expected UTF-8 is typed in by hand (U+00E4, U+00FC).
    void latin1NamesReachLabelsJsonUnchanged_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("MRIcron") << QByteArray("1 L\xE4sion_gr\xFCn\n2 L\xC3\xA4sion\n");
        QTest::newRow("MRIcron tabs") << QByteArray("1\tL\xE4sion_gr\xFCn\n2\tL\xC3\xA4sion\n");
        QTest::newRow("FreeSurfer") << QByteArray("1 L\xE4sion_gr\xFCn 1 2 3 0\n2 L\xC3\xA4sion 4 5 6 0\n");
        QTest::newRow("Slicer") << QByteArray("# Color table file x\n1 L\xE4sion_gr\xFCn 1 2 3 255\n"
                                              "2 L\xC3\xA4sion 4 5 6 255\n");
    }
    void latin1NamesReachLabelsJsonUnchanged()
    {
        QFETCH(QByteArray, text);
        auto table = parseColourTable(text.toStdString(), "table.txt");
        QVERIFY2(table.ok(), table.ok() ? "" : table.error().message().c_str());
        QCOMPARE(table->find(1)->name, std::string("L\xC3\xA4sion_gr\xC3\xBCn"));
        QCOMPARE(table->find(2)->name, std::string("L\xC3\xA4sion"));
        auto json = fromJson(toJson(*table));
        QVERIFY(json.ok());
        QVERIFY(*json == *table);
    }

    void mricronLutIsPlanar()
    {
        const Result<IndexedColours> colours = parseIndexedColours(lut(7, {10, 20, 30}), "x.lut");
        QVERIFY(colours.ok());
        QCOMPARE((*colours)[7], (Rgb{10, 20, 30}));
        QCOMPARE((*colours)[6], (Rgb{0, 0, 0}));
        QVERIFY(!parseIndexedColours(std::string(767, '\0'), "x.lut").ok());
        QCOMPARE(parseColourTable(lut(7, {10, 20, 30}), "x.lut").error().code, ErrorCode::InvalidArgument);
    }

    void errorsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("detail");
        QTest::newRow("repeated value")
            << QByteArray("# names\n1 A\n1 B\n") << "line 3: label 1 appears twice";
        QTest::newRow("colour over 255") << QByteArray("0 Unknown 0 0 0 0\n4 X 300 0 0 0\n")
                                         << "line 2: colour components must be whole numbers from 0 to 255";
        QTest::newRow("value too large")
            << QByteArray("70000 Big\n") << "line 1: label value 70000 is outside 0 to 65535";
        QTest::newRow("name missing") << QByteArray("1 A\n2\n") << "line 2: expected \"value name\"";
        QTest::newRow("rgb line without blue")
            << QByteArray("1 A 1 2 3 4\n2 B 1 2\n") << "line 2: expected \"value name red green blue\"";
    }
    void errorsNameTheLine()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, detail);
        const Result<LabelTable> table = parseColourTable(content.toStdString(), "/data/t.txt");
        QVERIFY(!table.ok());
        QCOMPARE(table.error().code, ErrorCode::CorruptData);
        QCOMPARE(QString::fromStdString(table.error().detail), detail);
        QCOMPARE(table.error().path, std::string("/data/t.txt"));
    }

    void sidecarBesideLabelMap()
    {
        QTemporaryDir dir;
        const QString map = dir.filePath(QStringLiteral("atlas.nii.gz"));
        write(map, "not read");
        QVERIFY(readLabelTableSidecar(map.toStdString()).ok());
        QVERIFY(!readLabelTableSidecar(map.toStdString())->has_value()); // none beside it
        write(dir.filePath(QStringLiteral("atlas.nii.txt")), kMricronSpaces);
        write(dir.filePath(QStringLiteral("atlas.nii.lut")), lut(2, {1, 2, 3}));
        Result<std::optional<LabelTable>> found = readLabelTableSidecar(map.toStdString());
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE((*found)->find(1)->name, std::string("Precentral_L"));
        QCOMPARE((*found)->find(2)->colour, (Rgb{1, 2, 3}));
        QCOMPARE((*found)->find(1)->colour, (Rgb{0, 0, 0})); // the LUT's value 1 is black
        // Our own labels.json wins.
        LabelTable own;
        (void)own.set({1, "Mine", {9, 9, 9}, true, false, 1.0});
        QVERIFY(writeLabelTableJson(own, dir.filePath(QStringLiteral("atlas.json")).toStdString()).ok());
        found = readLabelTableSidecar(map.toStdString());
        QVERIFY(found.ok() && found->has_value());
        QCOMPARE(**found, own);
        // A broken sidecar is an error naming it, not a silent default.
        QVERIFY(QFile::remove(dir.filePath(QStringLiteral("atlas.json"))));
        write(dir.filePath(QStringLiteral("atlas.nii.txt")), "1 A\n1 B\n");
        found = readLabelTableSidecar(map.toStdString());
        QVERIFY(!found.ok());
        QVERIFY(QString::fromStdString(found.error().path).endsWith(QStringLiteral("atlas.nii.txt")));
    }

    // The real AAL table of the shared data, read by hand: aal.nii.txt has 116 lines "N Name Code",
    // CRLF ends, 1 Precentral_L, 2 Precentral_R, 37 Hippocampus_L, 116 Vermis_10; in aal.nii.lut
    // (xxd) value 1 is cc cc cc and value 37 is cb cb 00.
    void realAalTable()
    {
        const QString map = delineate::test::dataFile(QStringLiteral("mri_brain_colin27_aal/aal.nii.gz"));
        DELINEATE_REQUIRE_FILE(map);
        const Result<std::optional<LabelTable>> found = readLabelTableSidecar(map.toStdString());
        QVERIFY2(found.ok(), found.ok() ? "" : found.error().detail.c_str());
        QVERIFY(found->has_value());
        const LabelTable& table = **found;
        QCOMPARE(table.size(), std::size_t(116));
        QCOMPARE(table.find(1)->name, std::string("Precentral_L"));
        QCOMPARE(table.find(2)->name, std::string("Precentral_R"));
        QCOMPARE(table.find(37)->name, std::string("Hippocampus_L"));
        QCOMPARE(table.find(116)->name, std::string("Vermis_10"));
        QCOMPARE(table.find(1)->colour, (Rgb{0xcc, 0xcc, 0xcc}));
        QCOMPARE(table.find(37)->colour, (Rgb{0xcb, 0xcb, 0x00}));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestColourTable)
#include "tst_colour_table.moc"
