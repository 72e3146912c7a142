import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class AgeSource(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    AGE_SOURCE_UNSPECIFIED: _ClassVar[AgeSource]
    AGE_SOURCE_UNKNOWN: _ClassVar[AgeSource]
    AGE_SOURCE_DECLARED: _ClassVar[AgeSource]
    AGE_SOURCE_ESTIMATED: _ClassVar[AgeSource]
    AGE_SOURCE_VERIFIED: _ClassVar[AgeSource]

class ContentKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CONTENT_KIND_UNSPECIFIED: _ClassVar[ContentKind]
    CONTENT_KIND_TEXT: _ClassVar[ContentKind]
    CONTENT_KIND_AUDIO_TRANSCRIPT: _ClassVar[ContentKind]
    CONTENT_KIND_OTHER: _ClassVar[ContentKind]

class Outcome(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OUTCOME_UNSPECIFIED: _ClassVar[Outcome]
    OUTCOME_NOT_SUSPICIOUS: _ClassVar[Outcome]
    OUTCOME_FLAGGED_FOR_REVIEW: _ClassVar[Outcome]
    OUTCOME_NOT_SCANNED: _ClassVar[Outcome]
    OUTCOME_REJECTED: _ClassVar[Outcome]

class NotScannedReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOT_SCANNED_REASON_UNSPECIFIED: _ClassVar[NotScannedReason]
    NOT_SCANNED_REASON_PROFESSIONAL_SECRECY: _ClassVar[NotScannedReason]
    NOT_SCANNED_REASON_NO_LIKELY_MINOR: _ClassVar[NotScannedReason]
    NOT_SCANNED_REASON_UNSUPPORTED_CONTENT: _ClassVar[NotScannedReason]
AGE_SOURCE_UNSPECIFIED: AgeSource
AGE_SOURCE_UNKNOWN: AgeSource
AGE_SOURCE_DECLARED: AgeSource
AGE_SOURCE_ESTIMATED: AgeSource
AGE_SOURCE_VERIFIED: AgeSource
CONTENT_KIND_UNSPECIFIED: ContentKind
CONTENT_KIND_TEXT: ContentKind
CONTENT_KIND_AUDIO_TRANSCRIPT: ContentKind
CONTENT_KIND_OTHER: ContentKind
OUTCOME_UNSPECIFIED: Outcome
OUTCOME_NOT_SUSPICIOUS: Outcome
OUTCOME_FLAGGED_FOR_REVIEW: Outcome
OUTCOME_NOT_SCANNED: Outcome
OUTCOME_REJECTED: Outcome
NOT_SCANNED_REASON_UNSPECIFIED: NotScannedReason
NOT_SCANNED_REASON_PROFESSIONAL_SECRECY: NotScannedReason
NOT_SCANNED_REASON_NO_LIKELY_MINOR: NotScannedReason
NOT_SCANNED_REASON_UNSUPPORTED_CONTENT: NotScannedReason

class Participant(_message.Message):
    __slots__ = ("id", "age", "age_source")
    ID_FIELD_NUMBER: _ClassVar[int]
    AGE_FIELD_NUMBER: _ClassVar[int]
    AGE_SOURCE_FIELD_NUMBER: _ClassVar[int]
    id: str
    age: int
    age_source: AgeSource
    def __init__(self, id: _Optional[str] = ..., age: _Optional[int] = ..., age_source: _Optional[_Union[AgeSource, str]] = ...) -> None: ...

class ChatMessage(_message.Message):
    __slots__ = ("id", "sender_id", "sent_at", "text", "kind")
    ID_FIELD_NUMBER: _ClassVar[int]
    SENDER_ID_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    id: str
    sender_id: str
    sent_at: _timestamp_pb2.Timestamp
    text: str
    kind: ContentKind
    def __init__(self, id: _Optional[str] = ..., sender_id: _Optional[str] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., text: _Optional[str] = ..., kind: _Optional[_Union[ContentKind, str]] = ...) -> None: ...

class Conversation(_message.Message):
    __slots__ = ("id", "participants", "messages", "professional_secrecy")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    MESSAGES_FIELD_NUMBER: _ClassVar[int]
    PROFESSIONAL_SECRECY_FIELD_NUMBER: _ClassVar[int]
    id: str
    participants: _containers.RepeatedCompositeFieldContainer[Participant]
    messages: _containers.RepeatedCompositeFieldContainer[ChatMessage]
    professional_secrecy: bool
    def __init__(self, id: _Optional[str] = ..., participants: _Optional[_Iterable[_Union[Participant, _Mapping]]] = ..., messages: _Optional[_Iterable[_Union[ChatMessage, _Mapping]]] = ..., professional_secrecy: _Optional[bool] = ...) -> None: ...

class ScoreConversationRequest(_message.Message):
    __slots__ = ("conversation",)
    CONVERSATION_FIELD_NUMBER: _ClassVar[int]
    conversation: Conversation
    def __init__(self, conversation: _Optional[_Union[Conversation, _Mapping]] = ...) -> None: ...

class ScoreConversationBatch(_message.Message):
    __slots__ = ("requests",)
    REQUESTS_FIELD_NUMBER: _ClassVar[int]
    requests: _containers.RepeatedCompositeFieldContainer[ScoreConversationRequest]
    def __init__(self, requests: _Optional[_Iterable[_Union[ScoreConversationRequest, _Mapping]]] = ...) -> None: ...

class ScoreConversationBatchResult(_message.Message):
    __slots__ = ("responses",)
    RESPONSES_FIELD_NUMBER: _ClassVar[int]
    responses: _containers.RepeatedCompositeFieldContainer[ScoreConversationResponse]
    def __init__(self, responses: _Optional[_Iterable[_Union[ScoreConversationResponse, _Mapping]]] = ...) -> None: ...

class ItemError(_message.Message):
    __slots__ = ("code", "message", "field")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    FIELD_FIELD_NUMBER: _ClassVar[int]
    code: int
    message: str
    field: str
    def __init__(self, code: _Optional[int] = ..., message: _Optional[str] = ..., field: _Optional[str] = ...) -> None: ...

class ScoreConversationResponse(_message.Message):
    __slots__ = ("conversation_id", "outcome", "suspicious", "case_id", "not_scanned_reason", "model_version", "error")
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    SUSPICIOUS_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    NOT_SCANNED_REASON_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    conversation_id: str
    outcome: Outcome
    suspicious: bool
    case_id: str
    not_scanned_reason: NotScannedReason
    model_version: str
    error: ItemError
    def __init__(self, conversation_id: _Optional[str] = ..., outcome: _Optional[_Union[Outcome, str]] = ..., suspicious: _Optional[bool] = ..., case_id: _Optional[str] = ..., not_scanned_reason: _Optional[_Union[NotScannedReason, str]] = ..., model_version: _Optional[str] = ..., error: _Optional[_Union[ItemError, _Mapping]] = ...) -> None: ...
