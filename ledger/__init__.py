"""爱心积分账本 · Love-Supermarket Points Ledger."""
