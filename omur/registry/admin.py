# Nothing from the registry is registered in the Django admin, on purpose: the admin is for the
# system administrator (users, roles, reference data), who must not browse people's personal data.
# People, households, contacts, legal bases and special-category facts are reached only through the
# registry pages, where access is by role and every read and write is in the audit trail.
