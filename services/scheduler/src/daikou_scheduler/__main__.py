"""`python -m daikou_scheduler`: run the scheduler service."""

from daikou_kit.runtime import serve
from daikou_scheduler.settings import SchedulerSettings
from daikou_scheduler.wiring import build


def main() -> None:
    """Run the service until SIGINT or SIGTERM."""
    settings = SchedulerSettings()
    _, app = build(settings)
    serve(app, settings)


if __name__ == "__main__":
    main()
