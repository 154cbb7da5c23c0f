"""The JSON shapes of the notifications service's answers, from the use cases' records."""

from __future__ import annotations

from dataclasses import asdict

from daikou_notifications.domain.records import InAppNotice, KindPreference, LogEntry, NoticePage

Json = dict[str, object]


def log_out(entries: list[LogEntry]) -> Json:
    """The ops' notification log."""
    return {"notifications": [asdict(e) for e in entries]}


def notice_out(notice: InAppNotice) -> Json:
    """One of a customer's notices (what it was made of stays here)."""
    return {
        "id": notice.id,
        "kind": notice.kind,
        "order_id": notice.order_id,
        "order_number": notice.order_number,
        "subject": notice.subject,
        "body": notice.body,
        "created_at": notice.created_at,
        "read_at": notice.read_at,
    }


def page_out(page: NoticePage) -> Json:
    """A page of a customer's notices with the totals."""
    return {
        "notices": [notice_out(n) for n in page.notices],
        "total": page.total,
        "unread": page.unread,
        "limit": page.limit,
        "offset": page.offset,
    }


def preferences_out(kinds: list[KindPreference]) -> Json:
    """Every kind, whether the customer gets it by e-mail, and whether it can be switched off."""
    return {
        "kinds": [{"kind": k.kind.value, "email": k.email, "mandatory": k.mandatory} for k in kinds]
    }
