"""Who may open a page: one dependency per role, answering the signed-in session; anyone else is
sent to sign-in (`pages.SignInRequired`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from daikou_web.pages import require
from daikou_web.session import Session

STAFF_ROLES = ("warehouse", "ops")


async def signed_in(request: Request) -> Session:
    """Anyone signed in, whatever their role."""
    return require(request)


async def customer(request: Request) -> Session:
    """A signed-in customer."""
    return require(request, "customer")


async def ops(request: Request) -> Session:
    """A signed-in ops member."""
    return require(request, "ops")


async def staff(request: Request) -> Session:
    """A signed-in staff member, warehouse or ops."""
    return require(request, *STAFF_ROLES)


SignedIn = Annotated[Session, Depends(signed_in)]
Customer = Annotated[Session, Depends(customer)]
Ops = Annotated[Session, Depends(ops)]
Staff = Annotated[Session, Depends(staff)]
