"""Accounts: register (free membership), sign in, who am I."""

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from daikou_contracts.catalogue.accounts import Language
from daikou_gateway.application import accounts
from daikou_gateway.application.account_changes import ContactChange, change_contact
from daikou_gateway.domain.accounts import Account
from daikou_gateway.entrypoints.deps import AnyCaller, Unit, Units
from daikou_gateway.entrypoints.schemas_common import SIGN_IN_LIMITED, In


class Registration(BaseModel):
    """A new customer."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "email": "hanako@example.jp",
                    "password": "correct horse battery",
                    "display_name": "Hanako",
                }
            ]
        }
    )

    email: str = Field(max_length=254, examples=["hanako@example.jp"])
    password: str = Field(max_length=256)
    display_name: str = Field(max_length=100, examples=["Hanako"])
    language: Language = Field(
        default=Language.JA, description="The language of the e-mails the service sends (ja, en)."
    )


class Credentials(BaseModel):
    """Email and password."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"email": "hanako@example.jp", "password": "correct horse battery"}]
        }
    )

    email: str = Field(max_length=254)
    password: str = Field(max_length=256)


ACCOUNT_EXAMPLE: dict[str, Any] = {
    "id": "c0ffee00-1234-4abc-8def-0123456789ab",
    "email": "hanako@example.jp",
    "display_name": "Hanako",
    "role": "customer",
    "created_at": "2026-12-01T09:00:00Z",
    "language": "ja",
}


class PasswordChange(BaseModel):
    """The current password and the new one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "current_password": "correct horse battery",
                    "new_password": "a brand new passphrase",
                }
            ]
        },
    )

    current_password: str = Field(max_length=256)
    new_password: str = Field(max_length=256)


class AccountChange(In):
    """What to change of the signed-in account; fields left out stay as they are. Changing the
    e-mail address needs the current password (401 `wrong_password` otherwise)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"language": "en"},
                {"email": "hanako.new@example.jp", "current_password": "correct horse battery"},
            ]
        },
    )

    email: str | None = Field(default=None, max_length=254)
    language: Language | None = None
    display_name: str | None = Field(default=None, max_length=100)
    current_password: str | None = Field(default=None, max_length=256)


class DoneOut(BaseModel):
    """What a sign-out or a password change did."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"done": "signed_out"}, {"done": "password_changed"}]}
    )

    done: str = Field(description="`signed_out` or `password_changed`")


class AccountOut(BaseModel):
    """An account as its owner sees it."""

    model_config = ConfigDict(json_schema_extra={"examples": [ACCOUNT_EXAMPLE]})

    id: UUID
    email: str
    display_name: str
    role: str
    created_at: datetime
    language: Language = Field(description="the language of the service's e-mails")


class SessionOut(BaseModel):
    """An access token to send as `Authorization: Bearer <access_token>`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "access_token": "v1.eyJzdWIiOiJjMGZmZWUwMC0uLi4ifQ.c2lnbmF0dXJl",
                    "token_type": "bearer",
                    "expires_at": "2026-12-03T14:00:00Z",
                    "account": ACCOUNT_EXAMPLE,
                }
            ]
        }
    )

    access_token: str
    token_type: str = "bearer"  # noqa: S105  (the OAuth token type, not a secret)
    expires_at: datetime
    account: AccountOut


def account_out(account: Account) -> AccountOut:
    """The public view of an account."""
    return AccountOut(
        id=account.id,
        email=account.email,
        display_name=account.display_name,
        role=account.role.value,
        created_at=account.created_at,
        language=Language(account.language),
    )


# Account routes.
router = APIRouter(tags=["accounts"])


@router.post("/accounts", status_code=201, response_model=AccountOut)
async def register(units: Units, body: Registration) -> AccountOut:
    """Register as a customer (free membership)."""
    account = await accounts.register_customer(
        units,
        email=body.email,
        password=body.password,
        display_name=body.display_name,
        language=body.language,
    )
    return account_out(account)


@router.post("/sessions", response_model=SessionOut, responses=SIGN_IN_LIMITED)
async def sign_in(units: Units, body: Credentials, request: Request) -> SessionOut:
    """Sign in: an access token that expires (429 with Retry-After after too many attempts)."""
    session = await accounts.sign_in_limited(
        units,
        client=request.client.host if request.client else "unknown",
        email=body.email,
        password=body.password,
    )
    return SessionOut(
        access_token=session.token,
        expires_at=session.claims.expires_at,
        account=account_out(session.account),
    )


@router.delete("/sessions/current", response_model=DoneOut)
async def sign_out(caller: AnyCaller, unit: Unit) -> DoneOut:
    """Sign out: the token of this session is refused from now on."""
    assert caller.session_id is not None  # a signed-in caller always has a session
    await accounts.sign_out(unit, caller.session_id)
    return DoneOut(done="signed_out")


@router.post("/me/password", response_model=DoneOut)
async def change_password(body: PasswordChange, caller: AnyCaller, units: Units) -> DoneOut:
    """Change the password; every other session of the account is signed out."""
    assert caller.session_id is not None
    await accounts.change_password(
        units,
        account_id=caller.user_id,
        session_id=caller.session_id,
        current=body.current_password,
        new=body.new_password,
    )
    return DoneOut(done="password_changed")


@router.patch("/me", response_model=AccountOut)
async def change_me(body: AccountChange, caller: AnyCaller, units: Units) -> AccountOut:
    """Change the e-mail address (with the current password), language or name; the
    service's e-mails go to the new address, in the new language, from now on."""
    change = ContactChange(**body.model_dump())
    return account_out(await change_contact(units, caller.user_id, change))


@router.get("/me", response_model=AccountOut)
async def me(caller: AnyCaller, unit: Unit) -> AccountOut:
    """The signed-in account."""
    return account_out(await accounts.get_account(unit, caller.user_id))
