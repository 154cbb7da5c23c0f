"""Daikou orders service: owns orders, items, estimates, status history, reception reports."""
