"""The center's writes, by part of the programme: each step checked, logged and mailed here."""
