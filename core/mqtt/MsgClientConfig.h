// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "ingest/TopicMapping.h"
#include "node/Result.h"

#include <QList>
#include <QString>

namespace qlake {

class Dictionary;
class Options;

// What `run msg client where ...` declares (services.md §7.1), validated: the broker (an
// external host, `local` for the node's own broker, `rest` for REST POST `command: data`),
// credentials, TLS files, the directories the client writes to and its topic mappings.
struct MsgClientConfig
{
    enum class Broker { External, Local, Rest };
    Broker broker = Broker::External;
    QString host;
    int port = 1883;
    QString user;     // empty: "unused"
    QString password;
    bool log = false; // the MQTT library's event log
    bool logError = false;
    bool onlyLog = false;
    QString userAgent; // broker = rest
    QString clientId;  // empty: generated
    QString caFile, certFile, keyFile;
    bool insecure = false; // TLS without checking the server's host name
    QString prepDir, watchDir, bwatchDir, errDir, blobsDir;
    QList<TopicMapping> topics;

    // host:port, "local" or "rest": what `get msg clients` prints and `broker = X` filters on.
    QString brokerText() const;
    // The broker as a file-name part (dots and colons to underscores), as EdgeLake names the
    // error files of a broker's messages.
    QString ipName() const;
    bool usesTls() const { return !caFile.isEmpty() || !certFile.isEmpty(); }

    // Errors name the option: "Missing 'user-agent' value to determine REST calls to publish",
    // the TopicMapping errors, "Wrong value for 'port': ...".
    static Result<MsgClientConfig> fromOptions(const Options &options, const Dictionary &dictionary);

    static constexpr int kMqttInfoError = 124; // "Error with info provided to MQTT"
};

} // namespace qlake
