// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace qlake {

// EdgeLake's numeric process codes. Peers and REST clients see these numbers and texts,
// so they must stay stable (commands.md §11).
namespace ErrorCode {
enum : int {
    Success = 0,
    UnrecognizedCommand = 1,
    CommandStructure = 2,
    ProcessFailure = 3,
    DbmsNotConnected = 5,
    JsonStructure = 6,
    MissingBrackets = 11,
    NetworkError = 15,
    SqlFailure = 16,
    Timeout = 26,
    MissingConfiguration = 33,
    DirectoryMissing = 35,
    CommandParams = 40,
    ScriptFailed = 56,
    NoLocalBlockchainFile = 58,
    EmptyLocalBlockchainFile = 59,
    WrongBlockchainStructure = 69,
    DuplicateObjectId = 70,
    FailedToDeleteFile = 71,
    FailedToRenameFile = 72,
    WrongPolicyStructure = 87,
    WrongPassword = 88,
    AuthenticationFailed = 97,
    RestHeaders = 110,
    MissingScript = 112,
    ProcessAlreadyRunning = 136,
    WrongHttpMethod = 156,
    TaskNotInScheduler = 162,
    UnknownUserAgent = 163,
    IfCondition = 181,
    JsonSearchKey = 240,
    EmptyDataSet = 1006,
    FileExists = 1015,
    FileDoesNotExist = 1016,
    ExitNode = -1,
};
}

// The text EdgeLake prints for a code ("Error Command Structure" for 2); unknown codes
// give "Error #N not recognized".
QString errorText(int code);

} // namespace qlake
