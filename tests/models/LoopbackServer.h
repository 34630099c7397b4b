#pragma once
// A minimal HTTP/1.1 file server on 127.0.0.1 for the download tests (no network leaves the machine).
// Every path ends in the served file's name; the first folder picks the behaviour:
//   /good/F      the file; "Range: bytes=N-" answered 206 with Content-Range
//   /tampered/F  the same length, one byte flipped (a server or mirror that serves a corrupt file)
//   /drop/F      the first request gets the headers of the whole file and its first half, then the
//                connection is closed; later requests behave like /good
//   /stall/F     headers and the first half, then nothing (the connection stays open: for Cancel)
//   /norange/F   ignores Range: always 200 and the whole file
//   anything else: 404
// requests() counts the requests, ranges() records their Range headers ("" when none).

#include <QByteArray>
#include <QList>
#include <QPointer>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>

namespace delineate::test {

class LoopbackServer : public QObject {
public:
    explicit LoopbackServer(QByteArray content) : m_content(std::move(content))
    {
        m_tampered = m_content;
        m_tampered[m_tampered.size() / 3] = char(m_tampered[m_tampered.size() / 3] ^ 0x5a);
        QObject::connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRequest(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        m_server.listen(QHostAddress::LocalHost);
    }

    [[nodiscard]] QString url(const QString& route, const QString& file) const
    {
        return QStringLiteral("http://127.0.0.1:%1/%2/%3").arg(m_server.serverPort()).arg(route, file);
    }
    [[nodiscard]] int requests() const { return int(m_ranges.size()); }
    [[nodiscard]] const QList<QByteArray>& ranges() const { return m_ranges; }
    [[nodiscard]] bool listening() const { return m_server.isListening(); }

private:
    void onRequest(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        const QList<QByteArray> lines = buffer.left(buffer.indexOf("\r\n\r\n")).split('\n');
        m_buffers.remove(socket);
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        const QByteArray path = requestLine.value(1);
        QByteArray range;
        for (const QByteArray& line : lines)
            if (line.toLower().startsWith("range:"))
                range = line.mid(6).trimmed();
        m_ranges.append(range);
        const QByteArray route = path.split('/').value(1);
        if (route == "good" || route == "tampered" || (route == "drop" && m_dropped) || route == "norange")
            return serve(socket, route == "tampered" ? m_tampered : m_content,
                         route == "norange" ? QByteArray{} : range);
        if (route == "drop" || route == "stall") {
            m_dropped = m_dropped || route == "drop";
            socket->write(header("200 OK", m_content.size()) + m_content.left(m_content.size() / 2));
            if (route == "drop")
                socket->disconnectFromHost(); // after the bytes written so far have gone out
            return;
        }
        socket->write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
    }

    void serve(QTcpSocket* socket, const QByteArray& body, const QByteArray& range)
    {
        qsizetype from = 0;
        if (range.startsWith("bytes=") && range.endsWith('-'))
            from = range.mid(6, range.size() - 7).toLongLong();
        if (from > 0) {
            QByteArray head = header("206 Partial Content", body.size() - from);
            head.insert(head.size() - 2, "Content-Range: bytes " + QByteArray::number(from) + '-' +
                                             QByteArray::number(body.size() - 1) + '/' +
                                             QByteArray::number(body.size()) + "\r\n");
            socket->write(head + body.mid(from));
        } else {
            socket->write(header("200 OK", body.size()) + body);
        }
        socket->disconnectFromHost();
    }

    static QByteArray header(const QByteArray& status, qsizetype length)
    {
        return "HTTP/1.1 " + status +
               "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + QByteArray::number(length) +
               "\r\nConnection: close\r\n\r\n";
    }

    QTcpServer m_server;
    QByteArray m_content;
    QByteArray m_tampered;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QList<QByteArray> m_ranges;
    bool m_dropped = false;
};

} // namespace delineate::test
