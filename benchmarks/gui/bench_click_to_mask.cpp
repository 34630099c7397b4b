// Click-to-mask latency of the annotation workstation (a program, not a test): bench_click_to_mask
// [--clicks N] [--study FILE] [--model CHECKPOINT]
//
// End to end, as the annotator feels it: a synthetic mouse press on the slice view (SAM point tool)
// until the slice view has painted the new proposal (SliceView::proposalPainted, emitted from
// paintEvent), with the slice's embedding already cached and the model thread idle
// (SamService::idle). Runs the real MainWindow under the offscreen platform on the Colin27 demo
// study with the fixture vit_t (MobileSAM, random weights) checkpoint.
//
// Per click it splits the time into
//   decode  the model thread's predict (MaskProposal::decodeMilliseconds);
//   queue   press -> maskReady on the GUI thread minus decode (tool, request, thread hand-offs);
//   gui     maskReady -> proposal painted (threshold, overlay, repaint).
//   CPU     process CPU time over the click (all threads): the fairer figure on a shared machine.
// Alternates new points (left click after Esc) and refinements (right click: all points plus the
// previous low-res logits as mask input). Prints a Markdown table of p50 / p95 / max.
//
// Then the loaded-machine case (issue 16.3), --loaded N times (0: skip): one busy thread per core spins
// beside the app; the view goes to an uncached slice T (its embedding starts on the model thread), and
// 300 ms later to T+1, where the annotator clicks at once. The click should wait for at most one encoder
// block of T's embedding, then T+1's own embedding and decode; "other work" is the rest of press ->
// painted beyond that (before the fix it held T's whole embedding).

#include "gui/MainWindow.h"
#include "gui/ModelController.h"
#include "inference/SamService.h"
#include "labeling/SamAssistant.h"
#include "labeling/ToolController.h"
#include "startup/AllocatorTuning.h"
#include "tools/SamPointTool.h"
#include "viewer/SliceView.h"
#include "viewer/ViewerWidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QMouseEvent>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <thread>
#include <time.h>
#include <vector>

using namespace delineate;

namespace {

struct Sample {
    double total = 0;  // press -> painted
    double decode = 0; // model thread predict
    double queue = 0;  // press -> maskReady minus decode
    double gui = 0;    // maskReady -> painted
    double cpu = 0;    // process CPU time (all threads) press -> painted: fair on a shared machine
};

double processCpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(std::lround(p / 100.0 * double(values.size() - 1)));
    return values[std::min(values.size() - 1, index)];
}

void sendMouse(QWidget& widget, QEvent::Type type, QPointF at, Qt::MouseButton button,
               Qt::MouseButtons buttons)
{
    QMouseEvent event(type, at, widget.mapToGlobal(at), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(&widget, &event);
}

void printRow(const char* name, const std::vector<Sample>& samples)
{
    auto column = [&](double Sample::*member) {
        std::vector<double> values;
        values.reserve(samples.size());
        for (const Sample& s : samples)
            values.push_back(s.*member);
        return values;
    };
    const auto total = column(&Sample::total);
    std::printf("| %s | %zu | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |\n", name,
                samples.size(), percentile(total, 50), percentile(total, 95),
                *std::max_element(total.begin(), total.end()), percentile(column(&Sample::decode), 50),
                percentile(column(&Sample::decode), 95), percentile(column(&Sample::queue), 50),
                percentile(column(&Sample::gui), 50), percentile(column(&Sample::gui), 95),
                percentile(column(&Sample::cpu), 50));
}

bool waitIdle(ui::SamService& service)
{
    QSignalSpy idle(&service, &ui::SamService::idle);
    while (!service.isIdle())
        if (!idle.wait(120000))
            return false;
    return true;
}

// The loaded-machine case (see the top): a click on slice T+1 right after the view left T, whose
// embedding runs, with every core kept busy by another process-like spinner. Prints one table row per click.
bool loadedMachine(app::MainWindow& window, int clicks)
{
    if (clicks <= 0)
        return true;
    ui::SamService* service = window.samService();
    ui::SliceView* view = window.viewer()->sliceView();
    std::atomic<bool> stop{false};
    std::vector<std::thread> spinners;
    spinners.reserve(static_cast<std::size_t>(QThread::idealThreadCount()));
    for (int core = 0; core < QThread::idealThreadCount(); ++core)
        spinners.emplace_back([&stop] {
            volatile double x = 1.0;
            while (!stop.load(std::memory_order_relaxed))
                x = x * 1.0000001 + 1e-9;
        });
    QElapsedTimer clock;
    qint64 paintedAt = 0;
    double embedMs = 0, decodeMs = 0;
    auto painted = QObject::connect(view, &ui::SliceView::proposalPainted, view,
                                    [&] { paintedAt = clock.nsecsElapsed(); });
    auto ready = QObject::connect(service, &ui::SamService::maskReady, view, [&](const ui::MaskProposal& p) {
        embedMs = p.embedMilliseconds;
        decodeMs = p.decodeMilliseconds;
    });
    QSignalSpy paints(view, &ui::SliceView::proposalPainted);
    std::printf("\nloaded machine: %d busy threads beside the app; view to slice T, 300 ms later to T+1 and "
                "click there\n\n| T | press -> painted ms | own embedding ms | decode ms | other work ms |\n"
                "|---:|---:|---:|---:|---:|\n",
                int(spinners.size()));
    bool ok = true;
    const QPointF centre(view->width() / 2.0, view->height() / 2.0);
    for (int i = 0; i < clicks && ok; ++i) {
        window.samAssistant()->reject();
        ok = waitIdle(*service);
        const qint64 slice = std::min<qint64>(view->sliceCount() - 2, 30 + 12 * i); // never visited before
        view->setSliceIndex(slice);
        QTest::qWait(300); // T's embedding is under way
        view->setSliceIndex(slice + 1);
        paints.clear();
        clock.start();
        sendMouse(*view, QEvent::MouseButtonPress, centre, Qt::LeftButton, Qt::LeftButton);
        sendMouse(*view, QEvent::MouseButtonRelease, centre, Qt::LeftButton, Qt::NoButton);
        if (!paints.wait(600000)) {
            std::fprintf(stderr, "bench_click_to_mask: no proposal painted for loaded click %d\n", i);
            ok = false;
            break;
        }
        const double total = double(paintedAt) / 1e6;
        std::printf("| %lld | %.0f | %.0f | %.0f | %.0f |\n", static_cast<long long>(slice), total, embedMs,
                    decodeMs, total - embedMs - decodeMs);
        std::fflush(stdout);
    }
    stop = true;
    for (std::thread& spinner : spinners)
        spinner.join();
    QObject::disconnect(painted);
    QObject::disconnect(ready);
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    keepFreedMemoryForReuse(); // first, before any thread starts, as the app does
    QApplication application(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // settings of the benchmark, not the user's
    QCoreApplication::setOrganizationName(QStringLiteral("DelineateBenchmarks"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_click_to_mask"));
    QSettings().clear();

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption clicksOption(QStringLiteral("clicks"), QStringLiteral("Timed clicks (50)."),
                                          QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption studyOption(QStringLiteral("study"), QStringLiteral("Study to open."),
                                         QStringLiteral("FILE"),
                                         QStringLiteral("/usr/share/mricron/templates/ch2.nii.gz"));
    const QCommandLineOption modelOption(QStringLiteral("model"), QStringLiteral("SAM checkpoint."),
                                         QStringLiteral("FILE"),
                                         QStringLiteral(DELINEATE_SHARED_DIR "/fixtures/sam/vit_t.pth"));
    const QCommandLineOption loadedOption(QStringLiteral("loaded"),
                                          QStringLiteral("Clicks of the loaded-machine case (5; 0: skip)."),
                                          QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({clicksOption, studyOption, modelOption, loadedOption});
    parser.process(application);
    const int clicks = std::max(2, parser.value(clicksOption).toInt());
    for (const QString& path : {parser.value(studyOption), parser.value(modelOption)})
        if (!QFileInfo::exists(path)) {
            std::fprintf(stderr, "bench_click_to_mask: %s not found\n", qPrintable(path));
            return 2;
        }

    app::MainWindow window;
    window.resize(1100, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 3;
    QApplication::setActiveWindow(&window);
    QSignalSpy opened(&window, &app::MainWindow::studyOpened);
    window.openStudy(parser.value(studyOption));
    if (!opened.wait(60000))
        return 3;
    ui::SamService* service = window.samService();
    QSignalSpy loaded(service, &ui::SamService::modelLoaded);
    window.models()->load(parser.value(modelOption));
    if (!loaded.wait(120000)) {
        std::fprintf(stderr, "bench_click_to_mask: the model did not load\n");
        return 3;
    }

    ui::SliceView* view = window.viewer()->sliceView();
    window.tools()->setActiveTool(ui::SamPointTool::kId);
    QElapsedTimer clock;
    qint64 paintedAt = 0, arrivedAt = 0;
    double decodeMs = 0;
    QObject::connect(view, &ui::SliceView::proposalPainted, view, [&] { paintedAt = clock.nsecsElapsed(); });
    QObject::connect(service, &ui::SamService::maskReady, view, [&](const ui::MaskProposal& proposal) {
        arrivedAt = clock.nsecsElapsed();
        decodeMs = proposal.decodeMilliseconds;
    });
    QSignalSpy painted(view, &ui::SliceView::proposalPainted);
    const QPointF centre(view->width() / 2.0, view->height() / 2.0);
    auto click = [&](QPointF at, Qt::MouseButton button) {
        sendMouse(*view, QEvent::MouseButtonPress, at, button, button);
        sendMouse(*view, QEvent::MouseButtonRelease, at, button, Qt::NoButton);
    };

    // Warm-up: the first click embeds the slice; then let the neighbour prefetches finish.
    clock.start();
    click(centre, Qt::LeftButton);
    if (!painted.wait(300000))
        return 4;
    const double firstClick = double(paintedAt) / 1e6;
    window.samAssistant()->reject();
    if (!waitIdle(*service))
        return 4;

    std::vector<Sample> fresh, refine;
    for (int i = 0; i < clicks; ++i) {
        const int step = i / 2; // a 7 x 7 grid of 14-pixel steps around the centre
        const QPointF at = centre + QPointF((step % 7 - 3) * 14, (step / 7 % 7 - 3) * 14);
        const bool refining = i % 2 == 1;
        if (!refining)
            window.samAssistant()->reject();
        QCoreApplication::processEvents(); // paint the rejection outside the timed span
        painted.clear();
        const double cpuStart = processCpuMs();
        clock.start();
        click(refining ? at + QPointF(9, 7) : at, refining ? Qt::RightButton : Qt::LeftButton);
        if (!painted.wait(120000)) {
            std::fprintf(stderr, "bench_click_to_mask: no proposal painted for click %d\n", i);
            return 4;
        }
        Sample s;
        s.cpu = processCpuMs() - cpuStart;
        s.total = double(paintedAt) / 1e6;
        s.decode = decodeMs;
        s.queue = double(arrivedAt) / 1e6 - decodeMs;
        s.gui = double(paintedAt - arrivedAt) / 1e6;
        (refining ? refine : fresh).push_back(s);
        if (!waitIdle(*service))
            return 4;
    }
    std::vector<Sample> all = fresh;
    all.insert(all.end(), refine.begin(), refine.end());

    std::printf("click-to-mask, cached embedding: %s, %s, %d cores, view %dx%d; first click (embedding) "
                "%.0f ms\n\n",
                qPrintable(QFileInfo(parser.value(modelOption)).fileName()),
                qPrintable(QFileInfo(parser.value(studyOption)).fileName()), QThread::idealThreadCount(),
                view->width(), view->height(), firstClick);
    std::printf("| clicks | n | p50 ms | p95 ms | max ms | decode p50 | decode p95 | queue p50 | gui p50 | "
                "gui p95 | CPU p50 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    printRow("new point", fresh);
    printRow("refinement", refine);
    printRow("all", all);
    return loadedMachine(window, parser.value(loadedOption).toInt()) ? 0 : 4;
}
