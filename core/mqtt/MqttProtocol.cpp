// SPDX-License-Identifier: Apache-2.0
#include "MqttProtocol.h"

namespace qlake::Mqtt {

const char *packetTypeName(PacketType type)
{
    switch (type) {
    case PacketType::Connect: return "CONNECT";
    case PacketType::ConnAck: return "CONNACK";
    case PacketType::Publish: return "PUBLISH";
    case PacketType::PubAck: return "PUBACK";
    case PacketType::PubRec: return "PUBREC";
    case PacketType::PubRel: return "PUBREL";
    case PacketType::PubComp: return "PUBCOMP";
    case PacketType::Subscribe: return "SUBSCRIBE";
    case PacketType::SubAck: return "SUBACK";
    case PacketType::Unsubscribe: return "UNSUBSCRIBE";
    case PacketType::UnsubAck: return "UNSUBACK";
    case PacketType::PingReq: return "PINGREQ";
    case PacketType::PingResp: return "PINGRESP";
    case PacketType::Disconnect: return "DISCONNECT";
    case PacketType::Auth: return "AUTH";
    }
    return "UNKNOWN";
}

Property::Kind Property::kindOf(quint8 id)
{
    switch (id) {
    case PayloadFormatIndicator:
    case RequestProblemInformation:
    case RequestResponseInformation:
    case MaximumQoS:
    case RetainAvailable:
    case WildcardSubscriptionAvailable:
    case SubscriptionIdentifierAvailable:
    case SharedSubscriptionAvailable: return Kind::Byte;
    case ServerKeepAlive:
    case ReceiveMaximum:
    case TopicAliasMaximum:
    case TopicAlias: return Kind::TwoByte;
    case MessageExpiryInterval:
    case SessionExpiryInterval:
    case WillDelayInterval:
    case MaximumPacketSize: return Kind::FourByte;
    case SubscriptionIdentifier: return Kind::VarInt;
    case ContentType:
    case ResponseTopic:
    case AssignedClientIdentifier:
    case AuthenticationMethod:
    case ResponseInformation:
    case ServerReference:
    case ReasonString: return Kind::String;
    case CorrelationData:
    case AuthenticationData: return Kind::Binary;
    case UserProperty: return Kind::StringPair;
    default: return Kind::Invalid;
    }
}

} // namespace qlake::Mqtt
