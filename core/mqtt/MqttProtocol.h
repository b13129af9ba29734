// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

// The constants of MQTT 3.1.1 (OASIS, 2014) and MQTT 5.0 (OASIS, 2019) in one place, named as
// the specifications name them. Nothing else in core/mqtt spells a packet type or code as a number.
namespace qlake::Mqtt {

enum class PacketType : quint8 {
    Connect = 1,
    ConnAck = 2,
    Publish = 3,
    PubAck = 4,
    PubRec = 5,
    PubRel = 6,
    PubComp = 7,
    Subscribe = 8,
    SubAck = 9,
    Unsubscribe = 10,
    UnsubAck = 11,
    PingReq = 12,
    PingResp = 13,
    Disconnect = 14,
    Auth = 15, // MQTT 5 only
};

const char *packetTypeName(PacketType type);

// The protocol level byte of CONNECT.
enum ProtocolLevel : quint8 {
    V31 = 3,  // "MQIsdp": recognised only to refuse it
    V311 = 4,
    V5 = 5,
};

// MQTT 5 reason codes (§2.4). MQTT 3.1.1 CONNACK return codes are the V311 values below.
namespace Reason {
enum : quint8 {
    Success = 0x00,
    GrantedQoS1 = 0x01,
    GrantedQoS2 = 0x02,
    DisconnectWithWill = 0x04,
    NoMatchingSubscribers = 0x10,
    NoSubscriptionExisted = 0x11,
    UnspecifiedError = 0x80,
    MalformedPacket = 0x81,
    ProtocolError = 0x82,
    ImplementationSpecificError = 0x83,
    UnsupportedProtocolVersion = 0x84,
    ClientIdentifierNotValid = 0x85,
    BadUserNameOrPassword = 0x86,
    NotAuthorized = 0x87,
    ServerUnavailable = 0x88,
    ServerBusy = 0x89,
    ServerShuttingDown = 0x8B,
    BadAuthenticationMethod = 0x8C,
    KeepAliveTimeout = 0x8D,
    SessionTakenOver = 0x8E,
    TopicFilterInvalid = 0x8F,
    TopicNameInvalid = 0x90,
    PacketIdentifierInUse = 0x91,
    PacketIdentifierNotFound = 0x92,
    ReceiveMaximumExceeded = 0x93,
    TopicAliasInvalid = 0x94,
    PacketTooLarge = 0x95,
    QuotaExceeded = 0x97,
    PayloadFormatInvalid = 0x99,
    SharedSubscriptionsNotSupported = 0x9E,
    SubscriptionIdentifiersNotSupported = 0xA1,
};
}

// MQTT 3.1.1 CONNACK return codes (§3.2.2.3).
namespace ConnAckV311 {
enum : quint8 {
    Accepted = 0,
    UnacceptableProtocolVersion = 1,
    IdentifierRejected = 2,
    ServerUnavailable = 3,
    BadUserNameOrPassword = 4,
    NotAuthorized = 5,
};
}

// MQTT 5 property identifiers (§2.2.2.2).
namespace Property {
enum : quint8 {
    PayloadFormatIndicator = 0x01,
    MessageExpiryInterval = 0x02,
    ContentType = 0x03,
    ResponseTopic = 0x08,
    CorrelationData = 0x09,
    SubscriptionIdentifier = 0x0B,
    SessionExpiryInterval = 0x11,
    AssignedClientIdentifier = 0x12,
    ServerKeepAlive = 0x13,
    AuthenticationMethod = 0x15,
    AuthenticationData = 0x16,
    RequestProblemInformation = 0x17,
    WillDelayInterval = 0x18,
    RequestResponseInformation = 0x19,
    ResponseInformation = 0x1A,
    ServerReference = 0x1C,
    ReasonString = 0x1F,
    ReceiveMaximum = 0x21,
    TopicAliasMaximum = 0x22,
    TopicAlias = 0x23,
    MaximumQoS = 0x24,
    RetainAvailable = 0x25,
    UserProperty = 0x26,
    MaximumPacketSize = 0x27,
    WildcardSubscriptionAvailable = 0x28,
    SubscriptionIdentifierAvailable = 0x29,
    SharedSubscriptionAvailable = 0x2A,
};

// How a property's value is encoded on the wire.
enum class Kind { Invalid, Byte, TwoByte, FourByte, VarInt, String, Binary, StringPair };
Kind kindOf(quint8 id);
}

// Subscription options byte of MQTT 5 SUBSCRIBE (§3.8.3.1); MQTT 3.1.1 uses only the QoS bits.
namespace SubscribeOption {
enum : quint8 {
    QoSMask = 0x03,
    NoLocal = 0x04,
    RetainAsPublished = 0x08,
    RetainHandlingMask = 0x30,
    RetainHandlingShift = 4,
    ReservedMask = 0xC0,
};
}

// The largest Remaining Length the four-byte variable integer can carry (§1.5.5).
constexpr quint32 kMaxRemainingLength = 268435455;
// The largest value of a Variable Byte Integer property.
constexpr quint32 kMaxVarInt = 268435455;

} // namespace qlake::Mqtt
