import datetime

from google.protobuf import duration_pb2 as _duration_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CaseStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_STATUS_UNSPECIFIED: _ClassVar[CaseStatus]
    CASE_STATUS_OPEN: _ClassVar[CaseStatus]
    CASE_STATUS_IN_REVIEW: _ClassVar[CaseStatus]
    CASE_STATUS_CONFIRMED: _ClassVar[CaseStatus]
    CASE_STATUS_DISMISSED: _ClassVar[CaseStatus]
    CASE_STATUS_REPORTED: _ClassVar[CaseStatus]
    CASE_STATUS_EXPIRED: _ClassVar[CaseStatus]

class Decision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECISION_UNSPECIFIED: _ClassVar[Decision]
    DECISION_CONFIRMED: _ClassVar[Decision]
    DECISION_DISMISSED: _ClassVar[Decision]

class RiskIndicator(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RISK_INDICATOR_UNSPECIFIED: _ClassVar[RiskIndicator]
    RISK_INDICATOR_AGE_PROBE: _ClassVar[RiskIndicator]
    RISK_INDICATOR_SCHOOL_OR_LOCATION_PROBE: _ClassVar[RiskIndicator]
    RISK_INDICATOR_FLATTERY_MATURITY: _ClassVar[RiskIndicator]
    RISK_INDICATOR_PRIVACY_CHECK: _ClassVar[RiskIndicator]
    RISK_INDICATOR_SECRECY: _ClassVar[RiskIndicator]
    RISK_INDICATOR_ISOLATION: _ClassVar[RiskIndicator]
    RISK_INDICATOR_PLATFORM_SWITCH: _ClassVar[RiskIndicator]
    RISK_INDICATOR_GIFT_OFFER: _ClassVar[RiskIndicator]
    RISK_INDICATOR_PHOTO_REQUEST: _ClassVar[RiskIndicator]
    RISK_INDICATOR_MEETING_REQUEST: _ClassVar[RiskIndicator]
    RISK_INDICATOR_SELF_DISCLOSED_MINOR: _ClassVar[RiskIndicator]

class CaseOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CASE_ORDER_UNSPECIFIED: _ClassVar[CaseOrder]
    CASE_ORDER_CREATED: _ClassVar[CaseOrder]
    CASE_ORDER_EXPIRY_THEN_SCORE: _ClassVar[CaseOrder]

class ComplaintChannel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLAINT_CHANNEL_UNSPECIFIED: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_IN_APP: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_EMAIL: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_WEB_FORM: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_POSTAL: _ClassVar[ComplaintChannel]
    COMPLAINT_CHANNEL_AUTHORITY: _ClassVar[ComplaintChannel]

class ComplaintStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLAINT_STATUS_UNSPECIFIED: _ClassVar[ComplaintStatus]
    COMPLAINT_STATUS_OPEN: _ClassVar[ComplaintStatus]
    COMPLAINT_STATUS_UPHELD: _ClassVar[ComplaintStatus]
    COMPLAINT_STATUS_REJECTED: _ClassVar[ComplaintStatus]

class ComplaintResolution(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    COMPLAINT_RESOLUTION_UNSPECIFIED: _ClassVar[ComplaintResolution]
    COMPLAINT_RESOLUTION_UPHELD: _ClassVar[ComplaintResolution]
    COMPLAINT_RESOLUTION_REJECTED: _ClassVar[ComplaintResolution]

class ReportFormat(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REPORT_FORMAT_UNSPECIFIED: _ClassVar[ReportFormat]
    REPORT_FORMAT_JSON: _ClassVar[ReportFormat]
    REPORT_FORMAT_MARKDOWN: _ClassVar[ReportFormat]
    REPORT_FORMAT_HTML: _ClassVar[ReportFormat]
CASE_STATUS_UNSPECIFIED: CaseStatus
CASE_STATUS_OPEN: CaseStatus
CASE_STATUS_IN_REVIEW: CaseStatus
CASE_STATUS_CONFIRMED: CaseStatus
CASE_STATUS_DISMISSED: CaseStatus
CASE_STATUS_REPORTED: CaseStatus
CASE_STATUS_EXPIRED: CaseStatus
DECISION_UNSPECIFIED: Decision
DECISION_CONFIRMED: Decision
DECISION_DISMISSED: Decision
RISK_INDICATOR_UNSPECIFIED: RiskIndicator
RISK_INDICATOR_AGE_PROBE: RiskIndicator
RISK_INDICATOR_SCHOOL_OR_LOCATION_PROBE: RiskIndicator
RISK_INDICATOR_FLATTERY_MATURITY: RiskIndicator
RISK_INDICATOR_PRIVACY_CHECK: RiskIndicator
RISK_INDICATOR_SECRECY: RiskIndicator
RISK_INDICATOR_ISOLATION: RiskIndicator
RISK_INDICATOR_PLATFORM_SWITCH: RiskIndicator
RISK_INDICATOR_GIFT_OFFER: RiskIndicator
RISK_INDICATOR_PHOTO_REQUEST: RiskIndicator
RISK_INDICATOR_MEETING_REQUEST: RiskIndicator
RISK_INDICATOR_SELF_DISCLOSED_MINOR: RiskIndicator
CASE_ORDER_UNSPECIFIED: CaseOrder
CASE_ORDER_CREATED: CaseOrder
CASE_ORDER_EXPIRY_THEN_SCORE: CaseOrder
COMPLAINT_CHANNEL_UNSPECIFIED: ComplaintChannel
COMPLAINT_CHANNEL_IN_APP: ComplaintChannel
COMPLAINT_CHANNEL_EMAIL: ComplaintChannel
COMPLAINT_CHANNEL_WEB_FORM: ComplaintChannel
COMPLAINT_CHANNEL_POSTAL: ComplaintChannel
COMPLAINT_CHANNEL_AUTHORITY: ComplaintChannel
COMPLAINT_STATUS_UNSPECIFIED: ComplaintStatus
COMPLAINT_STATUS_OPEN: ComplaintStatus
COMPLAINT_STATUS_UPHELD: ComplaintStatus
COMPLAINT_STATUS_REJECTED: ComplaintStatus
COMPLAINT_RESOLUTION_UNSPECIFIED: ComplaintResolution
COMPLAINT_RESOLUTION_UPHELD: ComplaintResolution
COMPLAINT_RESOLUTION_REJECTED: ComplaintResolution
REPORT_FORMAT_UNSPECIFIED: ReportFormat
REPORT_FORMAT_JSON: ReportFormat
REPORT_FORMAT_MARKDOWN: ReportFormat
REPORT_FORMAT_HTML: ReportFormat

class IndicatorHit(_message.Message):
    __slots__ = ("indicator", "message_ids")
    INDICATOR_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_IDS_FIELD_NUMBER: _ClassVar[int]
    indicator: RiskIndicator
    message_ids: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, indicator: _Optional[_Union[RiskIndicator, str]] = ..., message_ids: _Optional[_Iterable[str]] = ...) -> None: ...

class Case(_message.Message):
    __slots__ = ("case_id", "conversation_id", "suspected_participant_id", "partner_participant_id", "message_ids", "indicators", "indicator_codes", "score", "model_version", "threshold", "status", "created_at", "updated_at", "expires_at", "claimed_by", "lease_expires_at", "decided_by", "reason_code", "reported_to")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    CONVERSATION_ID_FIELD_NUMBER: _ClassVar[int]
    SUSPECTED_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    PARTNER_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    MESSAGE_IDS_FIELD_NUMBER: _ClassVar[int]
    INDICATORS_FIELD_NUMBER: _ClassVar[int]
    INDICATOR_CODES_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    CLAIMED_BY_FIELD_NUMBER: _ClassVar[int]
    LEASE_EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    DECIDED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    REPORTED_TO_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    conversation_id: str
    suspected_participant_id: str
    partner_participant_id: str
    message_ids: _containers.RepeatedScalarFieldContainer[str]
    indicators: _containers.RepeatedCompositeFieldContainer[IndicatorHit]
    indicator_codes: _containers.RepeatedScalarFieldContainer[RiskIndicator]
    score: float
    model_version: str
    threshold: float
    status: CaseStatus
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    claimed_by: str
    lease_expires_at: _timestamp_pb2.Timestamp
    decided_by: str
    reason_code: str
    reported_to: str
    def __init__(self, case_id: _Optional[str] = ..., conversation_id: _Optional[str] = ..., suspected_participant_id: _Optional[str] = ..., partner_participant_id: _Optional[str] = ..., message_ids: _Optional[_Iterable[str]] = ..., indicators: _Optional[_Iterable[_Union[IndicatorHit, _Mapping]]] = ..., indicator_codes: _Optional[_Iterable[_Union[RiskIndicator, str]]] = ..., score: _Optional[float] = ..., model_version: _Optional[str] = ..., threshold: _Optional[float] = ..., status: _Optional[_Union[CaseStatus, str]] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., claimed_by: _Optional[str] = ..., lease_expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., decided_by: _Optional[str] = ..., reason_code: _Optional[str] = ..., reported_to: _Optional[str] = ...) -> None: ...

class ListCasesRequest(_message.Message):
    __slots__ = ("status", "page_size", "page_token", "model_version", "created_before", "order")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_BEFORE_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    status: CaseStatus
    page_size: int
    page_token: str
    model_version: str
    created_before: _timestamp_pb2.Timestamp
    order: CaseOrder
    def __init__(self, status: _Optional[_Union[CaseStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., model_version: _Optional[str] = ..., created_before: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., order: _Optional[_Union[CaseOrder, str]] = ...) -> None: ...

class ListCasesResponse(_message.Message):
    __slots__ = ("cases", "next_page_token")
    CASES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    cases: _containers.RepeatedCompositeFieldContainer[Case]
    next_page_token: str
    def __init__(self, cases: _Optional[_Iterable[_Union[Case, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetCaseRequest(_message.Message):
    __slots__ = ("case_id",)
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    def __init__(self, case_id: _Optional[str] = ...) -> None: ...

class GetCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ClaimCaseRequest(_message.Message):
    __slots__ = ("case_id", "reviewer_id", "lease")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    LEASE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    reviewer_id: str
    lease: _duration_pb2.Duration
    def __init__(self, case_id: _Optional[str] = ..., reviewer_id: _Optional[str] = ..., lease: _Optional[_Union[datetime.timedelta, _duration_pb2.Duration, _Mapping]] = ...) -> None: ...

class ClaimCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class ReleaseCaseRequest(_message.Message):
    __slots__ = ("case_id", "reviewer_id")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    reviewer_id: str
    def __init__(self, case_id: _Optional[str] = ..., reviewer_id: _Optional[str] = ...) -> None: ...

class ReleaseCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class DecideCaseRequest(_message.Message):
    __slots__ = ("case_id", "decision", "reviewer_id", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    decision: Decision
    reviewer_id: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., decision: _Optional[_Union[Decision, str]] = ..., reviewer_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class DecideCaseResponse(_message.Message):
    __slots__ = ("case", "deleted")
    CASE_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    case: Case
    deleted: bool
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ..., deleted: _Optional[bool] = ...) -> None: ...

class ReportCaseRequest(_message.Message):
    __slots__ = ("case_id", "reviewer_id", "recipient", "reason")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    reviewer_id: str
    recipient: str
    reason: str
    def __init__(self, case_id: _Optional[str] = ..., reviewer_id: _Optional[str] = ..., recipient: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ReportCaseResponse(_message.Message):
    __slots__ = ("case",)
    CASE_FIELD_NUMBER: _ClassVar[int]
    case: Case
    def __init__(self, case: _Optional[_Union[Case, _Mapping]] = ...) -> None: ...

class Complaint(_message.Message):
    __slots__ = ("complaint_id", "case_id", "account_ref", "channel", "status", "reason_code", "created_at", "resolved_at", "resolved_by", "subject_ref", "subject_kind", "overturned")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_REF_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_REF_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_KIND_FIELD_NUMBER: _ClassVar[int]
    OVERTURNED_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    case_id: str
    account_ref: str
    channel: ComplaintChannel
    status: ComplaintStatus
    reason_code: str
    created_at: _timestamp_pb2.Timestamp
    resolved_at: _timestamp_pb2.Timestamp
    resolved_by: str
    subject_ref: str
    subject_kind: str
    overturned: bool
    def __init__(self, complaint_id: _Optional[str] = ..., case_id: _Optional[str] = ..., account_ref: _Optional[str] = ..., channel: _Optional[_Union[ComplaintChannel, str]] = ..., status: _Optional[_Union[ComplaintStatus, str]] = ..., reason_code: _Optional[str] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_by: _Optional[str] = ..., subject_ref: _Optional[str] = ..., subject_kind: _Optional[str] = ..., overturned: _Optional[bool] = ...) -> None: ...

class FileComplaintRequest(_message.Message):
    __slots__ = ("case_id", "account_ref", "channel", "reason_code")
    CASE_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_REF_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    case_id: str
    account_ref: str
    channel: ComplaintChannel
    reason_code: str
    def __init__(self, case_id: _Optional[str] = ..., account_ref: _Optional[str] = ..., channel: _Optional[_Union[ComplaintChannel, str]] = ..., reason_code: _Optional[str] = ...) -> None: ...

class FileComplaintResponse(_message.Message):
    __slots__ = ("complaint",)
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    complaint: Complaint
    def __init__(self, complaint: _Optional[_Union[Complaint, _Mapping]] = ...) -> None: ...

class ResolveComplaintRequest(_message.Message):
    __slots__ = ("complaint_id", "resolution", "reviewer_id", "reason")
    COMPLAINT_ID_FIELD_NUMBER: _ClassVar[int]
    RESOLUTION_FIELD_NUMBER: _ClassVar[int]
    REVIEWER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    complaint_id: str
    resolution: ComplaintResolution
    reviewer_id: str
    reason: str
    def __init__(self, complaint_id: _Optional[str] = ..., resolution: _Optional[_Union[ComplaintResolution, str]] = ..., reviewer_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ResolveComplaintResponse(_message.Message):
    __slots__ = ("complaint",)
    COMPLAINT_FIELD_NUMBER: _ClassVar[int]
    complaint: Complaint
    def __init__(self, complaint: _Optional[_Union[Complaint, _Mapping]] = ...) -> None: ...

class ListComplaintsRequest(_message.Message):
    __slots__ = ("status", "page_size", "page_token")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    status: ComplaintStatus
    page_size: int
    page_token: str
    def __init__(self, status: _Optional[_Union[ComplaintStatus, str]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListComplaintsResponse(_message.Message):
    __slots__ = ("complaints", "next_page_token")
    COMPLAINTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    complaints: _containers.RepeatedCompositeFieldContainer[Complaint]
    next_page_token: str
    def __init__(self, complaints: _Optional[_Iterable[_Union[Complaint, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class AuditEvent(_message.Message):
    __slots__ = ("seq", "at", "actor", "action", "subject_id", "reason_code", "details")
    class DetailsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    SEQ_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_CODE_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    seq: int
    at: _timestamp_pb2.Timestamp
    actor: str
    action: str
    subject_id: str
    reason_code: str
    details: _containers.ScalarMap[str, str]
    def __init__(self, seq: _Optional[int] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., subject_id: _Optional[str] = ..., reason_code: _Optional[str] = ..., details: _Optional[_Mapping[str, str]] = ...) -> None: ...

class ListAuditEventsRequest(_message.Message):
    __slots__ = ("since", "page_size", "page_token")
    SINCE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    since: _timestamp_pb2.Timestamp
    page_size: int
    page_token: str
    def __init__(self, since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListAuditEventsResponse(_message.Message):
    __slots__ = ("events", "next_page_token")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[AuditEvent]
    next_page_token: str
    def __init__(self, events: _Optional[_Iterable[_Union[AuditEvent, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTransparencyReportRequest(_message.Message):
    __slots__ = ("from_date", "to_date", "format")
    FROM_DATE_FIELD_NUMBER: _ClassVar[int]
    TO_DATE_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    from_date: str
    to_date: str
    format: ReportFormat
    def __init__(self, from_date: _Optional[str] = ..., to_date: _Optional[str] = ..., format: _Optional[_Union[ReportFormat, str]] = ...) -> None: ...

class GetTransparencyReportResponse(_message.Message):
    __slots__ = ("content_type", "body")
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    content_type: str
    body: str
    def __init__(self, content_type: _Optional[str] = ..., body: _Optional[str] = ...) -> None: ...

class GetCallerRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetCallerResponse(_message.Message):
    __slots__ = ("authenticated", "name", "roles")
    AUTHENTICATED_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    authenticated: bool
    name: str
    roles: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, authenticated: _Optional[bool] = ..., name: _Optional[str] = ..., roles: _Optional[_Iterable[str]] = ...) -> None: ...
