"""Operator commands: `python -m daikou_gateway.admin create-staff --email E --name N --role ops|warehouse`.

The password is read from `--password`, else `DAIKOU_ADMIN_PASSWORD`, else asked for."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import os
import sys

from daikou_gateway.adapters.passwords import Argon2Hasher
from daikou_gateway.application.accounts import create_staff
from daikou_gateway.domain.accounts import STAFF_ROLES
from daikou_gateway.settings import GatewaySettings
from daikou_kit.actors import Role
from daikou_kit.clock import SystemClock
from daikou_kit.db import create_engine
from daikou_kit.errors import Conflict, DomainError
from daikou_kit.migrate import migrate
from daikou_kit.unit_of_work import Database


def parser() -> argparse.ArgumentParser:
    """The command line."""
    cli = argparse.ArgumentParser(prog="python -m daikou_gateway.admin")
    commands = cli.add_subparsers(dest="command", required=True)
    staff = commands.add_parser("create-staff", help="create an ops or warehouse account")
    staff.add_argument("--email", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument("--role", required=True, choices=sorted(STAFF_ROLES))
    staff.add_argument("--password")
    staff.add_argument(
        "--exist-ok", action="store_true", help="succeed when the email already has an account"
    )
    return cli


async def create_staff_account(
    settings: GatewaySettings, args: argparse.Namespace, password: str
) -> int:
    """Create the account; 0 on success."""
    from daikou_gateway.wiring import MIGRATIONS, units

    await migrate(settings.database_url, MIGRATIONS)
    engine = create_engine(settings.database_url, pool_size=1)
    hasher = Argon2Hasher(
        settings.argon2_time_cost, settings.argon2_memory_kib, settings.argon2_parallelism
    )
    gateway_units = units(settings, Database(engine, SystemClock()), hasher)
    try:
        account = await create_staff(
            gateway_units,
            email=args.email,
            password=password,
            display_name=args.name,
            role=Role(args.role),
        )
    except Conflict as exc:
        print(exc.reason, file=sys.stderr)
        return 0 if args.exist_ok else 1
    except DomainError as exc:
        print(exc.reason, file=sys.stderr)
        return 2
    finally:
        await engine.dispose()
    print(f"created {account.role} account {account.email} ({account.id})")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one command."""
    args = parser().parse_args(argv)
    password = args.password or os.environ.get("DAIKOU_ADMIN_PASSWORD") or getpass.getpass()
    return asyncio.run(create_staff_account(GatewaySettings(), args, password))


if __name__ == "__main__":
    raise SystemExit(main())
