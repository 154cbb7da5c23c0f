"""The internal API's header names: the gateway's credential, the acting user, the flow's id."""

from __future__ import annotations

INTERNAL_TOKEN_HEADER = "X-Daikou-Internal-Token"  # noqa: S105  (a header name)
USER_HEADER = "X-Daikou-User"
ROLE_HEADER = "X-Daikou-Role"
CORRELATION_HEADER = "X-Correlation-Id"
