#pragma once
// The most recently opened studies, newest first, kept in QSettings ("recentStudies").

#include <QObject>
#include <QStringList>

namespace delineate::app {

class RecentStudies : public QObject {
    Q_OBJECT

public:
    explicit RecentStudies(QObject* parent = nullptr);

    [[nodiscard]] QStringList paths() const { return m_paths; }
    // Moves `path` (made absolute) to the front; keeps at most maximumCount() entries.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

    static constexpr int maximumCount() { return 10; }

Q_SIGNALS:
    void changed();

private:
    void save();

    QStringList m_paths;
};

} // namespace delineate::app
