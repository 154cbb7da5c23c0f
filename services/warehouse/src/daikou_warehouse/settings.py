"""The warehouse service's settings (environment prefix `DAIKOU_WAREHOUSE_`)."""

from typing import ClassVar

from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class WarehouseSettings(ServiceSettings):
    """Settings of the warehouse service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_WAREHOUSE_", extra="ignore")

    service_name: ClassVar[str] = "warehouse"
    default_port: ClassVar[int] = 8004
