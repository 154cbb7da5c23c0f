"""The business calendar: the one shared rule (`daikou_contracts.business_calendar`)."""

from daikou_contracts.business_calendar import JST, BusinessCalendar, CalendarDay

__all__ = ["JST", "BusinessCalendar", "CalendarDay"]
