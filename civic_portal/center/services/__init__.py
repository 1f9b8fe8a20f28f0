"""The center's workflows, by part of the programme (services/events.py, …)."""
