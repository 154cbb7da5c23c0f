"""What the messaging routes depend on: the request's unit of work, the registered parts, the author."""

from typing import Annotated

from fastapi import Depends

from daikou_contracts.catalogue.messaging import AuthorRole
from daikou_kit.actors import Role
from daikou_kit.app import ActorDep, part, unit_dependency
from daikou_messaging.adapters.storage import FilesystemStorage
from daikou_messaging.adapters.unit_of_work import MessagingUnitOfWork, MessagingUnits
from daikou_messaging.application.ports import BlobStorage
from daikou_messaging.domain.posting import Author
from daikou_messaging.settings import MessagingSettings

_ROLES = {Role.CUSTOMER: AuthorRole.CUSTOMER, Role.SYSTEM: AuthorRole.SYSTEM}


def author_of(actor: ActorDep) -> Author:
    """The acting user as the domain knows them (ops and warehouse are both staff)."""
    return Author(actor.user_id, _ROLES.get(actor.role, AuthorRole.STAFF))


Unit = Annotated[MessagingUnitOfWork, unit_dependency()]
"""The request's unit of work; it commits when the route returns, before the response."""
UnitsDep = Annotated[MessagingUnits, Depends(part(MessagingUnits))]
"""Opens units of work, for a route whose transaction must not span the whole request."""
StorageDep = Annotated[BlobStorage, Depends(part(FilesystemStorage))]
SettingsDep = Annotated[MessagingSettings, Depends(part(MessagingSettings))]
AuthorDep = Annotated[Author, Depends(author_of)]
