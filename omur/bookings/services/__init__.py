"""Writes for appointments and bookings, one module per area; import from the module."""
