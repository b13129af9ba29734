// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "command/OrderedJson.h"

namespace qlake {

// The one JSON reader of the code base (OrderedJson::parse is its front door): Python's
// json.loads(strict=False) rules and error messages, keys kept in document order.
class OrderedJsonParser
{
public:
    OrderedJsonParser(const QString &text, OrderedJson::Dialect dialect) : m_text(text), m_dialect(dialect) {}

    Result<OrderedJson> parseDocument(qsizetype *errorOffset);

private:
    bool fail(const QString &message, qsizetype pos);
    void skipSpace();
    bool startsWith(QStringView word) const;
    bool parseValue(OrderedJson &out);
    bool parseObject(OrderedJson &out);
    bool parseArray(OrderedJson &out);
    bool parseString(QString &out);
    bool parseNumber(OrderedJson &out);

    const QString &m_text;
    const OrderedJson::Dialect m_dialect;
    qsizetype m_pos = 0;
    QString m_error;
    qsizetype m_errorPos = 0;
};

} // namespace qlake
