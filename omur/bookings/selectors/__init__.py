"""Reads for appointments and bookings, one module per area."""
