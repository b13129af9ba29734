// SPDX-License-Identifier: Apache-2.0
// The subscriber of broker_bench.py, on libmosquitto so that the client is never what limits the
// relay rate. Usage: bench-mqtt-subscriber HOST PORT TOPIC COUNT TIMEOUT_S
// Prints "ready" once the SUBACK arrived, then "done RECEIVED LAST_NS" (CLOCK_REALTIME of the
// last message) when COUNT messages arrived or the timeout passed; exit 1 on a shortfall.
#include <mosquitto.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace {

struct State
{
    long expected = 0;
    long received = 0;
    long long lastNs = 0;
    const char *topic = nullptr;
};

long long nowNs()
{
    timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void onConnect(mosquitto *m, void *userdata, int rc)
{
    if (rc != 0) {
        std::fprintf(stderr, "connect refused: %d\n", rc);
        std::exit(2);
    }
    mosquitto_subscribe(m, nullptr, static_cast<State *>(userdata)->topic, 0);
}

void onSubscribe(mosquitto *, void *, int, int, const int *)
{
    std::printf("ready\n");
    std::fflush(stdout);
}

void onMessage(mosquitto *m, void *userdata, const mosquitto_message *)
{
    auto *s = static_cast<State *>(userdata);
    ++s->received;
    s->lastNs = nowNs();
    if (s->received >= s->expected)
        mosquitto_disconnect(m);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 6) {
        std::fprintf(stderr, "usage: %s HOST PORT TOPIC COUNT TIMEOUT_S\n", argv[0]);
        return 2;
    }
    State state;
    state.topic = argv[3];
    state.expected = std::atol(argv[4]);
    const long long deadline = nowNs() + std::atoll(argv[5]) * 1000000000LL;
    mosquitto_lib_init();
    mosquitto *m = mosquitto_new("bench-subscriber", true, &state);
    mosquitto_connect_callback_set(m, onConnect);
    mosquitto_subscribe_callback_set(m, onSubscribe);
    mosquitto_message_callback_set(m, onMessage);
    if (mosquitto_connect(m, argv[1], std::atoi(argv[2]), 60) != MOSQ_ERR_SUCCESS) {
        std::fprintf(stderr, "cannot connect to %s:%s\n", argv[1], argv[2]);
        return 2;
    }
    while (state.received < state.expected && nowNs() < deadline) {
        const int rc = mosquitto_loop(m, 100, 1000);
        if (rc != MOSQ_ERR_SUCCESS && state.received < state.expected)
            break;
    }
    std::printf("done %ld %lld\n", state.received, state.lastNs);
    mosquitto_destroy(m);
    mosquitto_lib_cleanup();
    return state.received >= state.expected ? 0 : 1;
}
