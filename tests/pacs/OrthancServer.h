#pragma once
// A real Orthanc (Debian package orthanc) for the PACS tests: started with a temporary configuration and
// storage folder, REST on 127.0.0.1 only (RemoteAccessAllowed false), DICOM on free ports, clients on
// loopback only; bounded waits; stopped (SIGTERM, then SIGKILL) when the object goes.

#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QThread>
#include <QTimer>

namespace delineate::pacs::test {

struct HttpReply {
    int status = 0; // 0: no answer in time
    QByteArray body;
};

inline int freeLoopbackPort()
{
    QTcpServer server;
    return server.listen(QHostAddress::LocalHost, 0) ? server.serverPort() : 0;
}

class OrthancServer {
public:
    static QString executable()
    {
        return QStandardPaths::findExecutable("Orthanc", {"/usr/sbin", "/usr/bin"});
    }

    // Writes the configuration into `folder` and starts Orthanc; false (with `error`) when it does not answer
    // within 30 s. `plugins`: e.g. the DICOMweb plugin's path; `extra`: more configuration (e.g. DICOM TLS).
    bool start(const QString& folder, QString& error, const QStringList& plugins = {},
               const QJsonObject& extra = {})
    {
        m_httpPort = freeLoopbackPort();
        m_dicomPort = freeLoopbackPort();
        QJsonObject config{
            {"Name", "DelineateTest"},
            {"StorageDirectory", folder + "/db"},
            {"IndexDirectory", folder + "/db"},
            {"HttpPort", m_httpPort},
            {"DicomPort", m_dicomPort},
            {"DicomAet", "ORTHANC"},
            {"RemoteAccessAllowed", false},
            {"AuthenticationEnabled", false},
            {"DicomCheckCalledAet", false},
            {"DicomAlwaysAllowEcho", true},
            {"DicomAlwaysAllowStore", true},
            {"DicomAlwaysAllowFind", true},
            {"DicomAlwaysAllowGet", true},
            {"SaveJobs", false},
            {"ConcurrentJobs", 1},
            {"HttpThreadsCount", 4},
            {"Plugins", QJsonArray::fromStringList(plugins)},
            {"DicomWeb", QJsonObject{{"Enable", true}, {"Root", "/dicom-web/"}, {"Host", "127.0.0.1"}}},
        };
        for (auto it = extra.begin(); it != extra.end(); ++it)
            config.insert(it.key(), it.value());
        QFile file(folder + "/orthanc.json");
        if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(config).toJson()) < 0) {
            error = "cannot write " + file.fileName();
            return false;
        }
        file.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setStandardOutputFile(folder + "/orthanc.log");
        m_process.start(executable(), {file.fileName()});
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000) {
            if (m_process.state() == QProcess::NotRunning) {
                error = "Orthanc exited: see " + folder + "/orthanc.log";
                return false;
            }
            if (get("/system").status == 200)
                return true;
            QThread::msleep(200);
        }
        error = "Orthanc did not answer on port " + QString::number(m_httpPort) + " within 30 s";
        return false;
    }

    ~OrthancServer()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000)) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    [[nodiscard]] int dicomPort() const { return m_dicomPort; }
    [[nodiscard]] int httpPort() const { return m_httpPort; }
    [[nodiscard]] QString dicomNode() const { return "ORTHANC@127.0.0.1:" + QString::number(m_dicomPort); }

    HttpReply get(const QString& path) { return request("GET", path, {}); }
    HttpReply post(const QString& path, const QByteArray& body) { return request("POST", path, body); }

    // Uploads every file of `folder` through the REST API (POST /instances); the number accepted.
    int upload(const QString& folder)
    {
        int accepted = 0;
        for (const QFileInfo& info : QDir(folder).entryInfoList(QDir::Files)) {
            QFile file(info.filePath());
            if (file.open(QIODevice::ReadOnly) && post("/instances", file.readAll()).status == 200)
                ++accepted;
        }
        return accepted;
    }

private:
    HttpReply request(const QByteArray& verb, const QString& path, const QByteArray& body)
    {
        QNetworkRequest request(QUrl("http://127.0.0.1:" + QString::number(m_httpPort) + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/octet-stream");
        QNetworkReply* reply = m_network.sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        timeout.start(60000);
        loop.exec();
        HttpReply result;
        if (reply->isFinished()) {
            result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            result.body = reply->readAll();
        } else {
            reply->abort();
        }
        reply->deleteLater();
        return result;
    }

    QProcess m_process;
    QNetworkAccessManager m_network;
    int m_httpPort = 0;
    int m_dicomPort = 0;
};

} // namespace delineate::pacs::test
