"""Benefits write paths (every one atomic, audited, role-checked): aid.py, grants.py, lotteries.py."""
