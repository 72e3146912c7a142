"""The review domain: cases and their state machine, stores, retention, complaints,
counters, the audit log and the transparency report. Free of gRPC.

Import what you need from the submodules (``service.review.store``,
``service.review.sqlite_store``, ...); importing this package does no work.
"""
