// SPDX-License-Identifier: Apache-2.0
// The load generator of the single-row PUT benchmark: N keep-alive connections, each sending
// one streaming PUT of one unique row and waiting for its reply before the next, until the
// given number of rows is sent. One thread and poll(): on a 2-core machine the client shares
// the cores with the node, so it builds no request text while the clock runs (wrk's Lua
// request() costs about a fifth of a core here). Every reply must be a 200.
// Usage: bench-put-client PORT ROWS CONNECTIONS
// Prints "<acknowledged rows> <seconds>" when every reply came back.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Connection
{
    int fd = -1;
    std::string in;       // bytes of the reply being read
    size_t next = 0;      // index of the next request to send
    size_t end = 0;       // one past this connection's last request
    bool waiting = false; // a request is out
};

std::string request(size_t id)
{
    char body[160];
    const int n = std::snprintf(body, sizeof body,
                                "{\"id\": %zu, \"ts\": \"2025-01-01 00:00:00\", \"device\": \"s-%zu\", \"value\": %zu.5}",
                                id, id % 10, id);
    return "PUT / HTTP/1.1\r\nHost: 127.0.0.1\r\ntype: json\r\ndbms: bench\r\ntable: put_single\r\nmode: streaming\r\n"
           "Content-Type: text/plain\r\nUser-Agent: AnyLog/1.23\r\nContent-Length: "
        + std::to_string(n) + "\r\n\r\n" + std::string(body, size_t(n));
}

bool sendAll(int fd, const std::string &bytes)
{
    size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += size_t(n);
    }
    return true;
}

// The length of one complete reply at the start of `in` (0: not complete yet), and its status.
size_t completeReply(const std::string &in, int &status)
{
    const size_t headerEnd = in.find("\r\n\r\n");
    if (headerEnd == std::string::npos)
        return 0;
    status = std::atoi(in.c_str() + in.find(' ') + 1);
    size_t length = 0;
    for (size_t line = in.find("\r\n"); line < headerEnd; line = in.find("\r\n", line + 2)) {
        if (::strncasecmp(in.c_str() + line + 2, "content-length:", 15) == 0)
            length = size_t(std::atol(in.c_str() + line + 17));
    }
    const size_t total = headerEnd + 4 + length;
    return in.size() >= total ? total : 0;
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s PORT ROWS CONNECTIONS\n", argv[0]);
        return 2;
    }
    const int port = std::atoi(argv[1]);
    const size_t rows = size_t(std::atol(argv[2]));
    const size_t count = size_t(std::atol(argv[3]));

    std::vector<std::string> requests;
    requests.reserve(rows);
    for (size_t i = 0; i < rows; ++i)
        requests.push_back(request(i));

    std::vector<Connection> connections(count);
    std::vector<pollfd> polls(count);
    for (size_t c = 0; c < count; ++c) {
        Connection &conn = connections[c];
        conn.fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int one = 1;
        ::setsockopt(conn.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(uint16_t(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(conn.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            std::perror("connect");
            return 1;
        }
        conn.next = rows * c / count;
        conn.end = rows * (c + 1) / count;
        polls[c] = pollfd{conn.fd, POLLIN, 0};
    }

    const auto start = std::chrono::steady_clock::now();
    size_t acknowledged = 0, outstanding = 0;
    for (Connection &conn : connections) {
        if (conn.next < conn.end) {
            if (!sendAll(conn.fd, requests[conn.next++]))
                return 1;
            conn.waiting = true;
            ++outstanding;
        }
    }
    char buffer[65536];
    while (outstanding > 0) {
        if (::poll(polls.data(), polls.size(), 30000) <= 0) {
            std::fprintf(stderr, "no reply for 30 s (%zu of %zu acknowledged)\n", acknowledged, rows);
            return 1;
        }
        for (size_t c = 0; c < count; ++c) {
            if (!(polls[c].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            Connection &conn = connections[c];
            const ssize_t n = ::recv(conn.fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                std::fprintf(stderr, "connection %zu closed by the node\n", c);
                return 1;
            }
            conn.in.append(buffer, size_t(n));
            int status = 0;
            const size_t length = completeReply(conn.in, status);
            if (length == 0)
                continue;
            if (status != 200) {
                std::fprintf(stderr, "reply %d: %s\n", status, conn.in.substr(0, length).c_str());
                return 1;
            }
            conn.in.erase(0, length);
            ++acknowledged;
            --outstanding;
            if (conn.next < conn.end) {
                if (!sendAll(conn.fd, requests[conn.next++]))
                    return 1;
                ++outstanding;
            }
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%zu %.6f\n", acknowledged, seconds);
    for (Connection &conn : connections)
        ::close(conn.fd);
    return 0;
}
