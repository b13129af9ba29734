// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>

namespace qlake {

class Dictionary;

// The variables every node has from start-up (commands.md §6.3): addresses, default ports
// and the work directories, all rooted at the node's home folder.
class BuiltinVariables
{
public:
    static void initialize(Dictionary &dictionary, const QString &home);
    // The work-directory variables (and edgelake_path, blockchain_file/new/sql) rooted at
    // root: what start-up does for the home folder and `set anylog home` for another.
    static void setDirectories(Dictionary &dictionary, const QString &root);
    // Names of the directory variables, in the order `create work directories` makes them.
    static QStringList directoryVariables();
    // The first non-loopback IPv4 address, or 127.0.0.1.
    static QString localIp();
};

} // namespace qlake
