"""The warehouse service's settings (environment prefix `DAIKOU_WAREHOUSE_`)."""

from pathlib import Path
from typing import ClassVar

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from daikou_kit.settings import ServiceSettings


class WarehouseSettings(ServiceSettings):
    """Settings of the warehouse service."""

    model_config = SettingsConfigDict(env_prefix="DAIKOU_WAREHOUSE_", extra="ignore")

    service_name: ClassVar[str] = "warehouse"
    default_port: ClassVar[int] = 8004

    photo_dir: Path = Path("./var/warehouse")
    rates_file: Path | None = None
    max_photo_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    max_photos_per_inspection: int = Field(default=10, ge=1, le=50)
    default_destination: str = Field(default="JP", pattern=r"^[A-Z]{2}$")
