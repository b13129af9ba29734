// SPDX-License-Identifier: Apache-2.0
#include "BuiltinVariables.h"

#include "Dictionary.h"

#include <QDir>
#include <QHostInfo>
#include <QNetworkInterface>

namespace qlake {

namespace {
struct DirVariable
{
    const char *name;
    const char *relative;
};

// EdgeLake keeps these under HOME/EdgeLake; Qlake roots them at its own home folder.
constexpr DirVariable kDirs[] = {
    {"blockchain_dir", "blockchain"},
    {"local_scripts", "scripts"},
    {"prep_dir", "data/prep"},
    {"watch_dir", "data/watch"},
    {"bkup_dir", "data/bkup"},
    {"err_dir", "data/error"},
    {"dbms_dir", "data/dbms"},
    {"archive_dir", "data/archive"},
    {"distr_dir", "data/distr"},
    {"pem_dir", "data/pem"},
    {"test_dir", "data/test"},
    {"blobs_dir", "data/blobs"},
    {"bwatch_dir", "data/bwatch"},
    {"tmp_dir", "data/tmp"},
    {"id_dir", "anylog"},
};
} // namespace

QString BuiltinVariables::localIp()
{
    for (const QHostAddress &a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback())
            return a.toString();
    }
    return QStringLiteral("127.0.0.1");
}

QStringList BuiltinVariables::directoryVariables()
{
    QStringList out;
    for (const auto &d : kDirs)
        out.append(QString::fromLatin1(d.name));
    return out;
}

void BuiltinVariables::initialize(Dictionary &dictionary, const QString &home)
{
    const QString root = QDir::cleanPath(home);
    const QString ip = localIp();
    dictionary.set(QStringLiteral("ip"), ip);
    dictionary.set(QStringLiteral("external_ip"), ip);
    dictionary.set(QStringLiteral("hostname"), QHostInfo::localHostName());
    dictionary.set(QStringLiteral("anylog_server_port"), QStringLiteral("2048"));
    dictionary.set(QStringLiteral("anylog_rest_port"), QStringLiteral("2148"));
    dictionary.set(QStringLiteral("io_buff_size"), QStringLiteral("2048"));
    dictionary.set(QStringLiteral("db_port"), QStringLiteral("5432"));
    dictionary.set(QStringLiteral("db_user"), qEnvironmentVariable("USER"));
    dictionary.set(QStringLiteral("qlake_home"), root);
    dictionary.set(QStringLiteral("node_name"), QStringLiteral("AnyLog"));
    setDirectories(dictionary, root);
}

void BuiltinVariables::setDirectories(Dictionary &dictionary, const QString &root)
{
    dictionary.set(QStringLiteral("edgelake_path"), root);
    for (const auto &d : kDirs)
        dictionary.set(QString::fromLatin1(d.name), root + u'/' + QString::fromLatin1(d.relative));
    const QString chain = root + QStringLiteral("/blockchain/");
    dictionary.set(QStringLiteral("blockchain_file"), chain + QStringLiteral("blockchain.json"));
    dictionary.set(QStringLiteral("blockchain_new"), chain + QStringLiteral("blockchain.new"));
    dictionary.set(QStringLiteral("blockchain_sql"), chain + QStringLiteral("blockchain.sql"));
}

} // namespace qlake
