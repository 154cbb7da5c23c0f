"""`daikou-ops`: the operator's command (dead letters, outbox, deadlines, queue depths)."""
