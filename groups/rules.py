"""Register rules that staff may need to change in one place."""

import datetime as dt

# Minimum number of members for registration (市民活動団体登録の要件).
MINIMUM_MEMBERS = 5
# Legal forms that have a 法人番号.
INCORPORATED_FORMS = frozenset({"npo", "certified_npo", "general_association", "general_foundation"})
INVITATION_VALID_FOR = dt.timedelta(days=14)
# Messages one user may relay to groups per hour (spam guard for the contact form).
CONTACT_RELAYS_PER_HOUR = 5
# Reminders to groups that have not renewed yet: this many days before the renewal deadline (30, then 7).
RENEWAL_REMINDER_DAYS = (30, 7)
