"""The payments domain: billings, the deposit, fees, transfers and the business calendar (no I/O)."""
