// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Scheduler.h"
#include "node/Service.h"

#include <array>

namespace qlake {

// The `Scheduler` row of `get processes`: owns schedulers 0..10 (0 is the system scheduler,
// started with the node; 1 is the default user scheduler). Running while any of them runs.
class SchedulerService final : public Service
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SchedulerService)

public:
    static constexpr int kMaxId = 10;

    explicit SchedulerService(Node *node);

    QString processName() const override { return QStringLiteral("Scheduler"); }
    // Starts scheduler `id` (option "id", default 1).
    Result<void> start(const Options &options) override;
    void stop() override; // every scheduler
    QJsonObject info() const override;

    Result<void> startScheduler(int id);
    void stopScheduler(int id);
    Scheduler *scheduler(int id) const; // null when out of range
    bool isDeclared(int id) const;

private:
    void refresh();

    std::array<Scheduler *, kMaxId + 1> m_schedulers{};
    std::array<bool, kMaxId + 1> m_declared{};
};

} // namespace qlake
