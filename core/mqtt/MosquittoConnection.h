// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "mqtt/MsgClientConfig.h"
#include "node/Result.h"

#include <QByteArray>
#include <QString>
#include <functional>
#include <memory>

namespace qlake {

// A connection to an external MQTT broker through libmosquitto, for one `run msg client`:
// connects (TLS when CA/certificate files are given), subscribes every topic with its QoS
// after each CONNACK, and reconnects with an exponential back-off (1 s to 16 s).
// The library's blocking network loop runs in a thread of its own: the handlers are called
// on that thread, so they must be thread-safe. (mosquitto_loop_start is not used: its thread
// waits forever when the first connection attempt fails.) Reports "connected" only when every
// SUBACK came back, so a message published after that is delivered.
// A TCP connect to a host that never answers blocks in the library for minutes: the destructor
// waits a few seconds for the thread, then leaves it the session to finish with, so `exit msg
// client` never hangs. Handlers must therefore not rely on their owner outliving the
// connection (MsgClientService's check a weak pointer first).
class MosquittoConnection
{
public:
    struct Handlers
    {
        std::function<void(const QString &topic, const QByteArray &payload)> message;
        std::function<void(int rc, bool disconnected)> status; // 0 = connected and subscribed
        std::function<void(const QString &line)> log;          // with `log = true`
    };

    MosquittoConnection(const MsgClientConfig &config, Handlers handlers);
    ~MosquittoConnection();
    MosquittoConnection(const MosquittoConnection &) = delete;
    MosquittoConnection &operator=(const MosquittoConnection &) = delete;

    // Configures the client and starts its thread. An unreachable broker is not an error
    // (the thread keeps trying); bad TLS files or options are (code 122).
    Result<void> start();

    static constexpr int kConnectionFailure = 122; // "MQTT connection failure"
    static constexpr int kStopWaitSeconds = 2;

private:
    struct Session; // the library handle and everything its thread touches
    std::shared_ptr<Session> m_session;
};

} // namespace qlake
