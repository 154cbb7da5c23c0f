"""Daikou payments service: owns billings, the deposit ledger, bank transfers, card payments, refunds."""
