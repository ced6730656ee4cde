"""Who does what in benefits. The access table gates the pages with these sets; the services check
them again, so a write refused on the page is refused everywhere."""

from omur.accounts.roles import Role

# Read programmes, distributions, grants and lotteries (the sociologist for research and visits).
VIEW_ROLES = frozenset({Role.OFFICE_MANAGER, Role.SOCIAL_WORKER, Role.SOCIOLOGIST})
# Record distributions, applications, allocations, births, pass-ons; prepare lotteries.
WORK_ROLES = frozenset({Role.OFFICE_MANAGER, Role.SOCIAL_WORKER})
# Set amounts and tiers, void distributions, close a lottery's list, record its public value, draw.
MANAGE_ROLES = frozenset({Role.OFFICE_MANAGER})
