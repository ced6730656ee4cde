"""Pages of the bookings app: therapy (autism centre), mercan (staff and public), halls."""
