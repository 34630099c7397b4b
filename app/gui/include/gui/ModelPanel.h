#pragma once
// The SAM dock while a model is loaded or loading: which file, which variant, where it runs (and why
// not where it was asked to), whether its SHA-256 is one the model catalogue lists, and the adapter in
// use with the label it is in use for (adapters are per label, issue 16.5), with Change… buttons. Every line
// wraps: the dock never scrolls sideways. It only shows ModelController's state (setState); it holds none of
// its own.

#include "inference/LoadedModel.h"

#include <QString>
#include <QWidget>

class QLabel;

namespace delineate::app {

// What ModelController knows about the model, for the dock and the status bar.
struct ModelState {
    bool loading = false;
    QString loadingFile;             // while loading: the checkpoint's file name
    ui::LoadedModel model;           // the loaded model (empty checkpoint and variant: none)
    QString adapterName;             // the adapter in use ("" = base model)
    QString label;                   // the active label it serves (or the base model serves); "" = none
    bool labelsHaveAdapters = false; // the project has adapters (for this or other labels)
    QString fallbackReason;          // why it runs on the CPU instead of the device asked for ("" = as asked)
};

class ModelPanel : public QWidget {
    Q_OBJECT

public:
    explicit ModelPanel(QWidget* parent = nullptr);

    void setState(const ModelState& state);
    // The catalogue entry (models/catalogue.json) whose SHA-256 is `sha256`: its title, "" when none.
    [[nodiscard]] static QString catalogueTitle(const QString& sha256);
    // A device id ("cpu", "cuda:1", "auto") as the user reads it ("CPU", "CUDA 1", "Automatic").
    [[nodiscard]] static QString deviceName(const QString& id);

Q_SIGNALS:
    void changeCheckpointRequested();
    void changeAdapterRequested();

private:
    QLabel* m_heading = nullptr;
    QLabel* m_file = nullptr;
    QLabel* m_variant = nullptr;
    QLabel* m_device = nullptr;
    QLabel* m_checksum = nullptr;
    QLabel* m_adapter = nullptr;
};

} // namespace delineate::app
