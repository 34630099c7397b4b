// delineate-cli info --devices, run as a user runs it (QProcess): what SAM and retraining can run on.
// Expected values come from outside our code: the LibTorch version from Torch's own CMake package
// (Torch_VERSION, passed in by CMake), the CPU's bfloat16 feature and thread count from the kernel
// (/proc/cpuinfo), and whether a GPU can be used from the NVIDIA device node (/dev/nvidia0).

#include "support/CliRun.h"
#include "support/QtTestMain.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

struct KernelCpu {
    int threads = 0;
    bool avx512Bf16 = false;
};

KernelCpu kernelCpu()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    KernelCpu cpu;
    if (!file.open(QIODevice::ReadOnly))
        return cpu;
    for (const QByteArray& line : file.readAll().split('\n')) {
        if (line.startsWith("processor"))
            ++cpu.threads;
        if (line.startsWith("flags") && line.split(' ').contains("avx512_bf16"))
            cpu.avx512Bf16 = true;
    }
    return cpu;
}

} // namespace

class TestCliDevices : public QObject {
    Q_OBJECT

private slots:
    void jsonReportsLibTorchAndCpu()
    {
        const auto run = delineate::test::runCli(
            {QStringLiteral("info"), QStringLiteral("--devices"), QStringLiteral("--json")}, 120000);
        QCOMPARE(run.exitCode, 0);
        const QJsonObject out = QJsonDocument::fromJson(run.out.toUtf8()).object();
        QCOMPARE(out.value(QStringLiteral("libtorch")).toString(), QStringLiteral(DELINEATE_TORCH_VERSION));
        const KernelCpu cpu = kernelCpu();
        const QJsonObject reported = out.value(QStringLiteral("cpu")).toObject();
        QCOMPARE(reported.value(QStringLiteral("threads")).toInt(), cpu.threads);
        QCOMPARE(reported.value(QStringLiteral("avx512_bf16")).toBool(), cpu.avx512Bf16);
        if (!QFile::exists(QStringLiteral("/dev/nvidia0"))) {
            QCOMPARE(out.value(QStringLiteral("cuda_devices")).toInt(), 0);
            QVERIFY(out.value(QStringLiteral("automatic")).toString().startsWith(QStringLiteral("cpu")));
        }
    }

    void textNamesTheAutomaticDevice()
    {
        const auto run =
            delineate::test::runCli({QStringLiteral("info"), QStringLiteral("--devices")}, 120000);
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains(QStringLiteral("LibTorch " DELINEATE_TORCH_VERSION)), qPrintable(run.out));
        QVERIFY(run.out.contains(QStringLiteral("device 'auto' uses: ")));
    }

    void extraArgumentsAreAUsageError()
    {
        const auto run = delineate::test::runCli(
            {QStringLiteral("info"), QStringLiteral("--devices"), QStringLiteral("scan.nii")}, 120000);
        QVERIFY(run.exitCode != 0);
        QVERIFY(run.out.isEmpty());
        QVERIFY2(run.err.contains(QStringLiteral("info --devices takes only --json")), qPrintable(run.err));
    }
};

DELINEATE_TEST_GUILESS_MAIN(TestCliDevices)
#include "tst_cli_devices.moc"
