"""Daikou messaging service: owns per-order message threads, attachments and the messaging window."""
