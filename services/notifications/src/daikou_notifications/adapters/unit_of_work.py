"""The notifications service's unit of work: the kit's transaction carrying the repositories."""

from __future__ import annotations

from daikou_kit.service_unit import ServiceUnit
from daikou_kit.unit_of_work import UnitOfWork
from daikou_notifications.adapters.notices import NoticeRepository
from daikou_notifications.adapters.store import (
    ContactRepository,
    NotificationRepository,
    OrderRepository,
    PreferenceRepository,
)
from daikou_notifications.application.rendering import Renderer


class NotificationsUnitOfWork(ServiceUnit):
    """One transaction (the kit's `UnitOfWork`) with the repositories, the renderer and the web
    client's address on it: the use cases' `NotificationsUnit`. It never commits: the kit's block
    does."""

    def __init__(self, uow: UnitOfWork, renderer: Renderer, web_url: str) -> None:
        super().__init__(uow)
        self.contacts = ContactRepository(uow.conn)
        self.orders = OrderRepository(uow.conn)
        self.notifications = NotificationRepository(uow.conn)
        self.preferences = PreferenceRepository(uow.conn)
        self.notices = NoticeRepository(uow.conn)
        self.renderer = renderer
        self.web_url = web_url
