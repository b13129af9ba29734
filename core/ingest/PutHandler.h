// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "node/Result.h"
#include "rest/RestRequest.h"
#include "rest/RestResponse.h"
#include "ingest/WorkDirectories.h"

#include <functional>

namespace qlake {

class Node;

// The REST server's data handler (data-ingestion.md §7): a PUT's headers (dbms, table, mode,
// source, instructions, type) become an IngestRequest for DataIntake, and its outcome the
// exact reply EdgeLake sends: 200 `{"AnyLog.status":"Success", "AnyLog.hash": "..." }`
// (text/json), 500 with EdgeLake's reason phrase and text otherwise. A missing dbms header
// gets a 400 naming it (EdgeLake raises an exception there and never answers).
// POST `command: data` goes to the message router, the seam for `run msg client where broker
// = rest` (the MQTT work); without one the caller is told to start such a client.
class PutHandler
{
public:
    using Reply = std::function<void(const RestResponse &)>;
    using MessageRouter = std::function<void(const RestRequest &, Reply)>;

    explicit PutHandler(Node &node) : m_node(node) {}

    // reply may be called on any thread.
    void handle(const RestRequest &request, Reply reply);
    void setMessageRouter(MessageRouter router) { m_router = std::move(router); }

    static RestResponse success(const QString &hash);
    static RestResponse failure(const Error &error);

private:
    Node &m_node;
    MessageRouter m_router;
    WorkDirectories m_dirs;
};

} // namespace qlake
