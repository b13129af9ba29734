// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "mqtt/MsgClientConfig.h"
#include "node/Result.h"

#include <QByteArray>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

struct mosquitto;
struct mosquitto_message;

namespace qlake {

// A connection to an external MQTT broker through libmosquitto, for one `run msg client`:
// connects (TLS when CA/certificate files are given), subscribes every topic with its QoS
// after each CONNACK, and reconnects with an exponential back-off (1 s to 16 s).
// The library's blocking network loop runs in a thread of its own: the handlers are called
// on that thread, so they must be thread-safe; they are never called once the destructor
// has returned. (mosquitto_loop_start is not used: its thread waits forever when the first
// connection attempt fails.) Reports "connected" only when every SUBACK came back, so a
// message published after that is delivered.
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

private:
    static void onConnect(mosquitto *, void *self, int rc);
    static void onDisconnect(mosquitto *, void *self, int rc);
    static void onSubscribe(mosquitto *, void *self, int mid, int count, const int *granted);
    static void onMessage(mosquitto *, void *self, const mosquitto_message *message);
    static void onLog(mosquitto *, void *self, int level, const char *text);
    void run();
    bool waitBeforeRetry(int seconds); // false when stopping

    const MsgClientConfig m_config;
    Handlers m_handlers;
    mosquitto *m_mosq = nullptr;
    std::atomic<int> m_pendingSubacks{0};
    std::atomic<bool> m_refused{false}; // the last CONNACK refused us: that is the reason shown
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
};

} // namespace qlake
