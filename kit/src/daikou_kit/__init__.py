"""Daikou's infrastructure kit: no domain code, only the plumbing every service shares."""
