"""Every write of the hub: keyword-only `<entity>_<action>(*, actor, ...)` functions, each atomic and
recording its audit event in the same transaction."""
