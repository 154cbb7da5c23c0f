"""What the notifications service's routes read: the request's unit of work (the acting user is
the kit's `ActorDep`)."""

from typing import Annotated

from daikou_kit.app import unit_dependency
from daikou_notifications.adapters.unit_of_work import NotificationsUnitOfWork

Unit = Annotated[NotificationsUnitOfWork, unit_dependency()]
"""The request's transaction with the service's repositories on it (commits as the route returns)."""
