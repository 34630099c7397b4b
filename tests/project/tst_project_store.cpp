#include "../support/FileSizeLimit.h"
#include "base/AtomicFile.h"
#include "project/ProjectStore.h"
#include "support/QtTestMain.h"

#include <QtTest>

#include <filesystem>
#include <fstream>

using namespace delineate;
using namespace delineate::project;

class TestProjectStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        QTemporaryDir dir;
        const std::string studyFile = (dir.path() + "/data/ct.nii.gz").toStdString();
        std::filesystem::create_directories(dir.path().toStdString() + "/data");
        std::ofstream(studyFile) << "x";

        ProjectStore store(dir.path().toStdString() + "/proj");
        Project project;
        project.name = "Liver";
        StudyEntry& study = project.addStudy(studyFile, "1.2.3", 2, 1);
        study.description = "Series 4: T1 AX";
        study.reviewed[2] = {4, 7, 9};
        study.reviewed[0] = {1};
        project.adapters.push_back({"adapters/a.safetensors", "first", "2026-11-27T10:00:00Z", "Brain"});
        project.adapters.push_back({"adapters/b.safetensors", "second", "2026-11-27T11:00:00Z", "Tumour"});
        project.activeAdapters["Brain"] = "adapters/a.safetensors";
        project.settings["brush_radius_mm"] = "3";
        QVERIFY(store.save(project).ok());
        QVERIFY(ProjectStore::isProjectFolder(store.folder()));

        auto loaded = store.load();
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
        QCOMPARE(loaded->name, std::string("Liver"));
        QCOMPARE(loaded->studies.size(), std::size_t(1));
        const StudyEntry& back = loaded->studies[0];
        QCOMPARE(back.id, std::string("study-1"));
        QCOMPARE(back.seriesUid, std::string("1.2.3"));
        QCOMPARE(back.frame, 2);
        QCOMPARE(back.stack, 1);
        QCOMPARE(back.description, std::string("Series 4: T1 AX"));
        QCOMPARE(back.reviewed.at(2), (std::set<std::int64_t>{4, 7, 9}));
        QCOMPARE(back.relativePath, std::string("../data/ct.nii.gz"));
        QCOMPARE(loaded->adapters.size(), std::size_t(2));
        QCOMPARE(loaded->adapters[1].label, std::string("Tumour"));
        // One adapter per label (issue 16.5): Brain's, none for Tumour (the base model).
        QCOMPARE(loaded->activeAdapterFor("Brain"), std::string("adapters/a.safetensors"));
        QCOMPARE(loaded->activeAdapterFor("Tumour"), std::string());
        QCOMPARE(loaded->settings.at("brush_radius_mm"), std::string("3"));
        QVERIFY(store.labelMapPath(back).find("studies/study-1/labels.nii.gz") != std::string::npos);
    }

    // A manifest written before issue 16.5 (one "active_adapter" for every label, adapters without a
    // label; the text is written here by hand): the adapter serves the label its retrain was for.
    void legacyActiveAdapterServesItsTrainedLabel()
    {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        std::ofstream(folder + "/project.json") << R"({"format_version": 1, "name": "old", "studies": [],
                   "adapters": [{"file": "adapters/brain-v1.safetensors", "name": "brain-v1", "created": ""},
                                {"file": "adapters/x.safetensors", "name": "x", "created": ""}],
                   "active_adapter": "adapters/brain-v1.safetensors",
                   "retrains": [{"adapter": "adapters/brain-v1.safetensors", "label": "brain"}]})";
        auto loaded = ProjectStore(folder).load();
        QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().message().c_str());
        QCOMPARE(loaded->activeAdapters.size(), std::size_t(1));
        QCOMPARE(loaded->activeAdapterFor("brain"), std::string("adapters/brain-v1.safetensors"));
        QCOMPARE(loaded->adapterLabel("adapters/x.safetensors"), std::string());

        // The same with an adapter whose label is unknown: no label gets it (base model everywhere).
        std::ofstream(folder + "/project.json", std::ios::trunc) << R"({"format_version": 1, "studies": [],
                   "adapters": [{"file": "adapters/x.safetensors", "name": "x", "created": ""}],
                   "active_adapter": "adapters/x.safetensors"})";
        loaded = ProjectStore(folder).load();
        QVERIFY(loaded.ok());
        QVERIFY(loaded->activeAdapters.empty());
    }

    void studiesAreReferencedAndFollowAMovedTree()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::filesystem::create_directories(root + "/a/data");
        std::ofstream(root + "/a/data/mr.nii") << "x";
        {
            ProjectStore store(root + "/a/proj");
            Project project;
            project.addStudy(root + "/a/data/mr.nii");
            QVERIFY(store.save(project).ok());
        }
        std::filesystem::rename(root + "/a", root + "/b"); // project and data moved together
        ProjectStore moved(root + "/b/proj");
        auto loaded = moved.load();
        QVERIFY(loaded.ok());
        QCOMPARE(moved.resolveStudyPath(loaded->studies[0]), root + "/b/data/mr.nii");
    }

    void addStudyIsIdempotent()
    {
        Project project;
        auto& a = project.addStudy("/x/y.nii");
        auto id = a.id;
        project.addStudy("/x/y.nii");
        project.addStudy("/x/z.nii");
        QCOMPARE(project.studies.size(), std::size_t(2));
        QCOMPARE(project.studies[0].id, id);
        QVERIFY(project.studies[1].id != id);
        // One DICOM folder can hold several studies of a project: another series, stack or frame.
        project.addStudy("/x/dicom", "1.2.3");
        project.addStudy("/x/dicom", "1.2.4");
        project.addStudy("/x/dicom", "1.2.4", 0, 1);
        project.addStudy("/x/dicom", "1.2.4", 3, 1);
        project.addStudy("/x/dicom", "1.2.4", 3, 1);
        QCOMPARE(project.studies.size(), std::size_t(6));
        QVERIFY(project.findStudy("/x/dicom", "1.2.4", 1, 3) == &project.studies[5]);
        QVERIFY(project.findStudy("/x/dicom", "1.2.5", 0, 0) == nullptr);
    }

    void corruptManifestsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("code");
        QTest::newRow("truncated") << QByteArray("{\"format_version\": 1, \"stud")
                                   << int(ErrorCode::CorruptData);
        QTest::newRow("not json") << QByteArray("\x00\x01garbage", 9) << int(ErrorCode::CorruptData);
        QTest::newRow("future") << QByteArray("{\"format_version\": 99}")
                                << int(ErrorCode::UnsupportedFormat);
        QTest::newRow("path escape") << QByteArray(
                                            "{\"format_version\":1,\"studies\":[{\"id\":\"../../etc\"}]}")
                                     << int(ErrorCode::CorruptData);
        QTest::newRow("bad axis")
            << QByteArray("{\"format_version\":1,\"studies\":[{\"id\":\"s\",\"reviewed\":{\"7\":[1]}}]}")
            << int(ErrorCode::CorruptData);
    }
    void corruptManifestsAreRefused()
    {
        QFETCH(QByteArray, content);
        QFETCH(int, code);
        QTemporaryDir dir;
        ProjectStore store(dir.path().toStdString());
        QVERIFY(
            writeFileAtomically(store.manifestPath(), std::string_view(content.constData(), content.size()))
                .ok());
        auto loaded = store.load();
        QVERIFY(!loaded.ok());
        QCOMPARE(int(loaded.error().code), code);
    }

    void atomicWriteReplacesAndLeavesNoTemporaries()
    {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/f.json";
        QVERIFY(writeFileAtomically(path, "first").ok());
        QVERIFY(writeFileAtomically(path, "second").ok());
        QCOMPARE(readFile(path).value(), std::string("second"));
        int files = 0;
        for ([[maybe_unused]] const auto& entry :
             std::filesystem::directory_iterator(dir.path().toStdString()))
            ++files;
        QCOMPARE(files, 1);
        QVERIFY(!writeFileAtomically(dir.path().toStdString() + "/missing/f.json", "x").ok());
    }

    // A full disk (RLIMIT_FSIZE, SIGXFSZ ignored: writes past the cap fail with EFBIG): saving the
    // manifest reports one line naming it and the reason and keeps the previous manifest.
    void saveOnAFullDiskKeepsThePreviousManifest()
    {
        QTemporaryDir dir;
        const ProjectStore store(dir.path().toStdString() + "/p");
        Project project;
        project.name = "before";
        project.addStudy(dir.path().toStdString() + "/a.nii");
        QVERIFY(store.save(project).ok());
        const std::string before = readFile(store.manifestPath()).value();
        project.name = "after";
        for (int n = 0; n < 200; ++n)
            project.addStudy(dir.path().toStdString() + "/study-" + std::to_string(n) + ".nii");
        Result<void> saved;
        {
            delineate::test::FileSizeLimit limit(4096);
            QVERIFY(limit.active());
            saved = store.save(project);
        }
        QVERIFY(!saved.ok());
        const std::string message = saved.error().message();
        QVERIFY2(message.find(store.manifestPath()) != std::string::npos, message.c_str());
        QVERIFY2(message.find(std::strerror(EFBIG)) != std::string::npos &&
                     message.find('\n') == std::string::npos,
                 message.c_str());
        QCOMPARE(readFile(store.manifestPath()).value(), before);
        for (const auto& entry : std::filesystem::directory_iterator(store.folder())) // no staging file left
            QVERIFY2(entry.path().filename().string()[0] != '.', entry.path().c_str());
    }

    void saveAsCopiesLabelMapsAndAdapters()
    {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        std::filesystem::create_directories(root + "/data");
        std::ofstream(root + "/data/a.nii") << "a";
        std::ofstream(root + "/data/b.nii") << "b";
        const ProjectStore first(root + "/p/first");
        Project project;
        project.addStudy(root + "/data/a.nii");
        project.addStudy(root + "/data/b.nii"); // never labelled: nothing to copy
        project.studies[0].labelFile = "labels.nii.gz";
        project.adapters.push_back({"adapters/label-1-v1.safetensors", "v1", "", ""});
        project.adapters.push_back({"../outside.safetensors", "not a project file", "", ""});
        QVERIFY(first.save(project).ok());
        const StudyEntry& a = project.studies[0];
        std::filesystem::create_directories(first.studyFolder(a));
        std::ofstream(first.labelMapPath(a)) << "labels of a";
        std::ofstream(root + "/p/first/adapters/label-1-v1.safetensors") << "adapter";
        std::ofstream(root + "/p/outside.safetensors") << "elsewhere";

        const ProjectStore second(root + "/q/second");
        QVERIFY(second.copyFilesFrom(first, project).ok());
        QCOMPARE(readFile(second.labelMapPath(a)).value(), std::string("labels of a"));
        QCOMPARE(readFile(root + "/q/second/adapters/label-1-v1.safetensors").value(),
                 std::string("adapter"));
        QVERIFY(!std::filesystem::exists(second.labelMapPath(project.studies[1])));
        QVERIFY(!std::filesystem::exists(root + "/q/outside.safetensors"));
        QVERIFY(first.copyFilesFrom(first, project).ok()); // same folder: nothing to do
        QCOMPARE(readFile(first.labelMapPath(a)).value(), std::string("labels of a"));
    }
};

DELINEATE_TEST_APPLESS_MAIN(TestProjectStore)
#include "tst_project_store.moc"
