"""Daikou notifications service: turns facts about orders into e-mails to their customers."""
