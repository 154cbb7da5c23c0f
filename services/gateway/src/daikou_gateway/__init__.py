"""Daikou gateway service: owns accounts and sessions; composes the services' views."""
