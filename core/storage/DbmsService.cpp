// SPDX-License-Identifier: Apache-2.0
#include "DbmsService.h"

#include "command/Options.h"
#include "node/Node.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QThread>
#include <algorithm>

namespace qlake {

namespace {
QString connectionName(const QString &dbms)
{
    return QStringLiteral("qlake:%1:%2").arg(dbms).arg(quintptr(QThread::currentThreadId()));
}

// QPSQL turns prepare() into a server-side PREPARE, which PostgreSQL refuses for DDL
// ("syntax error at or near CREATE"): a statement without bindings runs directly.
bool execSql(QSqlQuery &q, const QString &sql, const QVariantList &bindings)
{
    if (bindings.isEmpty())
        return q.exec(sql);
    if (!q.prepare(sql))
        return false;
    for (const QVariant &b : bindings)
        q.addBindValue(b);
    return q.exec();
}
} // namespace

QString DbmsConfig::owner() const
{
    static const QStringList system = {QStringLiteral("system_query"), QStringLiteral("almgm"), QStringLiteral("blockchain")};
    return system.contains(name) ? QStringLiteral("system") : QStringLiteral("user");
}

QString DbmsConfig::ipPort() const
{
    if (type == u"sqlite")
        return QStringLiteral("Local");
    return QStringLiteral("%1:%2").arg(ip).arg(port);
}

DbmsService::DbmsService(Node *node) : Service(QStringLiteral("dbms"), node) {}

DbmsService::~DbmsService()
{
    stop();
}

Result<void> DbmsService::start(const Options &options)
{
    return connectDbms(options.value(QStringLiteral("name")), options);
}

void DbmsService::stop()
{
    const QStringList names = [this] {
        QReadLocker lock(&m_lock);
        return m_configs.keys();
    }();
    for (const QString &name : names)
        (void)disconnectDbms(name);
}

Result<void> DbmsService::connectDbms(const QString &name, const Options &o)
{
    if (name.isEmpty())
        return Result<void>::fail(ErrorCode::CommandStructure, QStringLiteral("Missing dbms name"));
    DbmsConfig c;
    c.name = name;
    c.type = o.value(QStringLiteral("type")).toLower();
    if (c.type == u"postgresql" || c.type == u"postgres")
        c.type = QStringLiteral("psql");
    if (c.type != u"sqlite" && c.type != u"psql")
        return Result<void>::fail(104, QStringLiteral("Database type '%1' is not supported: use sqlite or psql").arg(c.type));
    {
        QReadLocker lock(&m_lock);
        if (const auto it = m_configs.constFind(name); it != m_configs.constEnd()) {
            // Connecting an existing name with the same type succeeds silently.
            if (it->type == c.type)
                return {};
            return Result<void>::fail(179, QStringLiteral("Connect request to dbms %1 conflicts with existing connection to dbms %2").arg(c.type, it->type));
        }
    }
    c.ip = o.value(QStringLiteral("ip"), QStringLiteral("127.0.0.1"));
    c.port = int(o.toInt(QStringLiteral("port"), c.type == u"psql" ? 5432 : 0));
    c.user = o.value(QStringLiteral("user"));
    c.password = o.value(QStringLiteral("password"));
    c.memory = o.toBool(QStringLiteral("memory"));
    c.autocommit = o.toBool(QStringLiteral("autocommit"));
    c.unlog = o.toBool(QStringLiteral("unlog"));
    if (c.type == u"sqlite") {
        if (c.memory) {
            c.storage = QStringLiteral("MEMORY");
        } else {
            const QString dir = node()->dictionary().valueOr(QStringLiteral("dbms_dir"), node()->home() + QStringLiteral("/data/dbms"));
            QDir().mkpath(dir);
            c.storage = QDir(dir).filePath(name + QStringLiteral(".dbms"));
        }
    } else {
        c.storage = QStringLiteral("Persistent");
    }

    // Open once here so a bad connection fails the command, not a later query.
    const QString connection = connectionName(name);
    auto db = open(c, connection);
    if (!db)
        return Result<void>::fail(49, QStringLiteral("Database connect error: %1 using %2 failed to connect: %3").arg(name, c.type, db.error().message));
    {
        QWriteLocker lock(&m_lock);
        m_configs.insert(name, c);
        m_connectionNames[name].append(connection);
    }
    node()->logEvent(QStringLiteral("Connected to dbms %1 (%2)").arg(name, c.type));
    updateDetails();
    return {};
}

Result<QSqlDatabase> DbmsService::open(const DbmsConfig &c, const QString &connection)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(c.type == u"sqlite" ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL"), connection);
    if (c.type == u"sqlite") {
        if (c.memory) {
            // A shared-cache memory database: every thread's connection sees the same data.
            db.setDatabaseName(QStringLiteral("file:%1?mode=memory&cache=shared").arg(c.name));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_URI"));
        } else {
            db.setDatabaseName(c.storage);
            db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        }
    } else {
        db.setHostName(c.ip);
        db.setPort(c.port);
        db.setUserName(c.user);
        db.setPassword(c.password);
        db.setDatabaseName(c.name);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    if (!db.open()) {
        const QString error = db.lastError().text();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connection);
        return Error{49, error};
    }
    if (c.type == u"sqlite" && !c.memory) {
        QSqlQuery pragma(db);
        pragma.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
        // FULL: a committed row survives a power cut, as the node promises.
        pragma.exec(QStringLiteral("PRAGMA synchronous=FULL"));
        // 32 MB of page cache instead of 2: a streaming transaction of tens of thousands of
        // rows dirties index pages all over the table, and a small cache spills them to the
        // WAL and reads them back (rows went in at half the speed).
        pragma.exec(QStringLiteral("PRAGMA cache_size=-32768"));
    }
    return db;
}

Result<void> DbmsService::disconnectDbms(const QString &name)
{
    QStringList connections;
    {
        QWriteLocker lock(&m_lock);
        if (!m_configs.remove(name))
            return Result<void>::fail(ErrorCode::DbmsNotConnected, QStringLiteral("DBMS '%1' is not connected").arg(name));
        connections = m_connectionNames.take(name);
    }
    const QString own = connectionName(name);
    for (const QString &c : connections) {
        // Only the thread that opened a connection may touch it; removing another thread's
        // clone from the registry closes it when its last handle goes.
        if (c == own) {
            QSqlDatabase db = QSqlDatabase::database(c, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(c);
    }
    updateDetails();
    return {};
}

QMutex &DbmsService::writeLock(const QString &name)
{
    QMutexLocker lock(&m_writeLocksMutex);
    auto &slot = m_writeLocks[name];
    if (!slot)
        slot = std::make_shared<QMutex>();
    return *slot;
}

bool DbmsService::isConnected(const QString &name) const
{
    QReadLocker lock(&m_lock);
    return m_configs.contains(name);
}

std::optional<DbmsConfig> DbmsService::config(const QString &name) const
{
    QReadLocker lock(&m_lock);
    const auto it = m_configs.constFind(name);
    if (it == m_configs.constEnd())
        return std::nullopt;
    return *it;
}

QList<DbmsConfig> DbmsService::configs() const
{
    QList<DbmsConfig> out;
    {
        QReadLocker lock(&m_lock);
        out = m_configs.values();
    }
    std::sort(out.begin(), out.end(), [](const DbmsConfig &a, const DbmsConfig &b) { return a.name < b.name; });
    return out;
}

Result<QSqlDatabase> DbmsService::database(const QString &name)
{
    const auto c = config(name);
    if (!c)
        return Error{ErrorCode::DbmsNotConnected, QStringLiteral("DBMS '%1' is not connected").arg(name)};
    const QString connection = connectionName(name);
    if (QSqlDatabase::contains(connection)) {
        QSqlDatabase db = QSqlDatabase::database(connection);
        if (db.isOpen())
            return db;
    }
    auto db = open(*c, connection);
    if (!db)
        return Error{49, QStringLiteral("DBMS '%1': %2").arg(name, db.error().message)};
    QWriteLocker lock(&m_lock);
    m_connectionNames[name].append(connection);
    return db;
}

Result<QList<QVariantList>> DbmsService::query(const QString &name, const QString &sql, const QVariantList &bindings)
{
    auto db = database(name);
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    if (!execSql(q, sql, bindings))
        return Error{ErrorCode::SqlFailure, QStringLiteral("Error executing SQL:\r\n%1\r\n%2").arg(sql, q.lastError().text())};
    QList<QVariantList> rows;
    const int columns = q.record().count();
    while (q.next()) {
        QVariantList row;
        row.reserve(columns);
        for (int i = 0; i < columns; ++i)
            row.append(q.value(i));
        rows.append(row);
    }
    return rows;
}

Result<int> DbmsService::execute(const QString &name, const QString &sql, const QVariantList &bindings)
{
    auto db = database(name);
    if (!db)
        return db.error();
    QSqlQuery q(db.value());
    if (!execSql(q, sql, bindings))
        return Error{ErrorCode::SqlFailure, QStringLiteral("Error executing SQL:\r\n%1\r\n%2").arg(sql, q.lastError().text())};
    return q.numRowsAffected();
}

Result<QStringList> DbmsService::tables(const QString &name)
{
    auto db = database(name);
    if (!db)
        return db.error();
    QStringList t = db->tables(QSql::Tables);
    t.removeIf([](const QString &table) { return table.startsWith(QLatin1String("sqlite_")); });
    t.sort();
    return t;
}

Result<void> DbmsService::dropTable(const QString &name, const QString &table)
{
    if (!isIdentifier(table))
        return Error{ErrorCode::CommandStructure, QStringLiteral("Wrong table name: '%1' (letters, digits and '_' only)").arg(table)};
    auto dropped = execute(name, QStringLiteral("DROP TABLE \"%1\"").arg(table));
    if (!dropped)
        return dropped.error();
    return {};
}

bool DbmsService::isIdentifier(const QString &name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_]+$"));
    return re.match(name).hasMatch();
}

Result<bool> DbmsService::tableExists(const QString &name, const QString &table)
{
    auto all = tables(name);
    if (!all)
        return all.error();
    return all->contains(table);
}

Result<QList<TableColumn>> DbmsService::columns(const QString &name, const QString &table)
{
    const auto c = config(name);
    if (!c)
        return Error{ErrorCode::DbmsNotConnected, QStringLiteral("DBMS '%1' is not connected").arg(name)};
    // The pragma cannot take a bound table name; it gets a quoted string literal.
    QString literal = table;
    literal.replace(u'\'', QStringLiteral("''"));
    auto rows = c->type == u"psql"
        ? query(name, QStringLiteral("SELECT column_name, data_type, column_default FROM information_schema.columns "
                                     "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position"),
                {table})
        : query(name, QStringLiteral("SELECT name, type, dflt_value FROM pragma_table_info('%1')").arg(literal));
    if (!rows)
        return rows.error();
    QList<TableColumn> out;
    for (const QVariantList &row : rows.value())
        out.append({row.value(0).toString(), row.value(1).toString().toLower(), row.value(2).toString().trimmed()});
    return out;
}

std::optional<qint64> DbmsService::schemaVersion(const QString &name)
{
    const auto c = config(name);
    if (!c || c->type != u"sqlite")
        return std::nullopt;
    auto rows = query(name, QStringLiteral("PRAGMA schema_version"));
    if (!rows || rows->isEmpty())
        return std::nullopt;
    return rows->first().value(0).toLongLong();
}

Result<int> DbmsService::executeScript(const QString &name, const QStringList &statements)
{
    auto opened = database(name);
    if (!opened)
        return opened.error();
    QSqlDatabase db = opened.value();
    if (!db.transaction())
        return Error{ErrorCode::SqlFailure, QStringLiteral("Failed to start a transaction on dbms '%1': %2").arg(name, db.lastError().text())};
    for (const QString &statement : statements) {
        QSqlQuery q(db);
        if (!q.exec(statement)) {
            const QString reason = q.lastError().text();
            q.finish();
            db.rollback();
            return Error{ErrorCode::SqlFailure, QStringLiteral("Error executing SQL:\r\n%1\r\n%2").arg(statement, reason)};
        }
    }
    if (!db.commit())
        return Error{ErrorCode::SqlFailure, QStringLiteral("Failed to commit on dbms '%1': %2").arg(name, db.lastError().text())};
    return int(statements.size());
}

QJsonObject DbmsService::info() const
{
    QJsonObject o = Service::info();
    QJsonArray list;
    for (const DbmsConfig &c : configs()) {
        QJsonObject e;
        e.insert(QStringLiteral("name"), c.name);
        e.insert(QStringLiteral("type"), c.type);
        e.insert(QStringLiteral("storage"), c.storage);
        list.append(e);
    }
    o.insert(QStringLiteral("databases"), list);
    return o;
}

void DbmsService::updateDetails()
{
    const int n = int(configs().size());
    setDetails(n ? QStringLiteral("%1 databases connected").arg(n) : QString());
    setState(n ? Running : Stopped);
}

} // namespace qlake
