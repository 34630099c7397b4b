#pragma once
// Damaged copies of real DICOM files for the corrupt-data tests (issue 14.4): the originals in
// ../shared/data stay untouched, every copy lives in a temporary folder of the test.
//
// The damage is structural, of the kind every decoder notices (pydicom / GDCM report the same files: see
// the tests), never a flipped bit inside coded data that still decodes to other valid pixels:
//   truncateBy       the file loses its last `bytes` bytes (a copy cut short)
//   breakJpegStream  an EOI marker (FF D9) written into the middle of the last JPEG entropy-coded segment:
//                    the scan ends early (IJG: "Corrupt JPEG data: premature end of data segment")
//   breakRleSegment  the second half of the last RLE fragment overwritten with 0x80 (PackBits no-op):
//                    its last segment decodes to fewer bytes than the frame needs
//   makeDicomDir     a DICOMDIR written by DCMTK's dcmmkdir for the files under a folder
//   redirectEntry    one ReferencedFileID of a DICOMDIR replaced by another of the same length (e.g. one
//                    that leaves the DICOMDIR's folder through "..")

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace delineate::test {

inline QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline bool writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Copies the files of `from` (not its subfolders) into `to` (created), writable.
inline bool copyFolder(const QString& from, const QString& to)
{
    if (!QDir().mkpath(to))
        return false;
    for (const QFileInfo& entry : QDir(from).entryInfoList(QDir::Files)) {
        const QString target = to + QLatin1Char('/') + entry.fileName();
        if (!QFile::copy(entry.filePath(), target))
            return false;
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner);
    }
    return true;
}

inline bool copyFile(const QString& from, const QString& to)
{
    QFile::remove(to);
    return QFile::copy(from, to) && QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
}

inline bool truncateBy(const QString& path, qint64 bytes)
{
    QFile file(path);
    return file.size() > bytes && file.resize(file.size() - bytes);
}

inline bool breakJpegStream(const QString& path)
{
    QByteArray bytes = readAll(path);
    const qsizetype start = bytes.lastIndexOf(QByteArray("\xFF\xDA", 2)); // last start of scan
    const qsizetype end = bytes.lastIndexOf(QByteArray("\xFF\xD9", 2));   // end of image
    if (start < 0 || end < start + 64)
        return false;
    qsizetype middle = (start + end) / 2;
    while (static_cast<unsigned char>(bytes[middle - 1]) == 0xFF) // keep the marker a marker
        ++middle;
    bytes[middle] = char(0xFF);
    bytes[middle + 1] = char(0xD9);
    return writeAll(path, bytes);
}

inline bool breakRleSegment(const QString& path)
{
    QByteArray bytes = readAll(path);
    const qsizetype item = bytes.lastIndexOf(QByteArray("\xFE\xFF\x00\xE0", 4)); // last fragment's item tag
    if (item < 0 || item + 8 > bytes.size())
        return false;
    const auto* length = reinterpret_cast<const unsigned char*>(bytes.constData() + item + 4);
    const qsizetype size = length[0] | (length[1] << 8) | (length[2] << 16) | (qsizetype(length[3]) << 24);
    const qsizetype data = item + 8;
    if (size < 128 || data + size > bytes.size())
        return false;
    for (qsizetype i = data + size / 2; i < data + size; ++i)
        bytes[i] = char(0x80);
    return writeAll(path, bytes);
}

// dcmmkdir (Debian package dcmtk) run in `root` on the files under `root/folder`; file names must be
// DICOM file IDs (up to 8 upper-case letters, digits, underscores).
inline bool makeDicomDir(const QString& root, const QString& folder, QString* log = nullptr)
{
    QProcess process;
    process.setWorkingDirectory(root);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("dcmmkdir"), {QStringLiteral("--recurse"), folder});
    const bool finished = process.waitForFinished(120000);
    if (log)
        *log = QString::fromUtf8(process.readAll());
    return finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0 &&
           QFileInfo::exists(root + QStringLiteral("/DICOMDIR"));
}

// Replaces the ReferencedFileID `from` (as stored: backslashes, padded to even length) with `to`.
inline bool redirectEntry(const QString& dicomDir, const QByteArray& from, const QByteArray& to)
{
    QByteArray bytes = readAll(dicomDir);
    const qsizetype at = bytes.indexOf(from);
    if (from.size() != to.size() || at < 0)
        return false;
    bytes.replace(at, to.size(), to);
    return writeAll(dicomDir, bytes);
}

} // namespace delineate::test
