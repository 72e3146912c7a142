"""The reviewer console: ``grooming-risk console``, the review queue as web pages.

A small HTTP server (stdlib ``http.server``) renders Jinja2 pages and calls
``ReviewService`` and ``AdminService`` over gRPC with the signed-in person's own bearer
token, so roles, the ``reviewer_id`` check and the audit log stay in the gRPC server.
It holds no database connection and never sees message text: a case is ids, codes,
numbers and times, and each message id links into the platform's own moderation tool.
"""
