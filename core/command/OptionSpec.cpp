// SPDX-License-Identifier: Apache-2.0
#include "OptionSpec.h"

namespace qlake {

// Short on purpose: it ends "Wrong value for 'KEY': 'VALUE' is not <this>" and fills a column
// of `help` output.
QString optionTypeName(OptionType type)
{
    switch (type) {
    case OptionType::String:
        return QStringLiteral("string");
    case OptionType::Int:
        return QStringLiteral("int");
    case OptionType::Bool:
        return QStringLiteral("bool");
    case OptionType::Time:
        return QStringLiteral("time (N unit)");
    case OptionType::Storage:
        return QStringLiteral("storage size");
    case OptionType::IpPort:
        return QStringLiteral("ip:port");
    case OptionType::Dir:
        return QStringLiteral("directory");
    case OptionType::Date:
        return QStringLiteral("date");
    case OptionType::Format:
        return QStringLiteral("json|table");
    case OptionType::List:
        return QStringLiteral("list");
    case OptionType::Nested:
        return QStringLiteral("nested options");
    }
    return QStringLiteral("string");
}

OptionSpecs listenerAddressOptions()
{
    return {
        {QStringLiteral("external_ip"), OptionType::String, false, true, {}, QStringLiteral("the address published to the network")},
        {QStringLiteral("external_port"), OptionType::Int, false, true, {}, QStringLiteral("the port published to the network")},
        {QStringLiteral("internal_ip"), OptionType::String, false, true, {}, QStringLiteral("the local address; defaults to external_ip")},
        {QStringLiteral("internal_port"), OptionType::Int, false, true, {}, QStringLiteral("the port the server listens on; defaults to external_port")},
        {QStringLiteral("bind"), OptionType::Bool, false, true, QStringLiteral("false"), QStringLiteral("true listens on internal_ip only, false on every interface")},
    };
}

} // namespace qlake
