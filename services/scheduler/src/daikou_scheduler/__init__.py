"""Daikou scheduler service: owns durable deadlines."""
