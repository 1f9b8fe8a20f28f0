"""The center's writes by part of the programme (events, lectures, consultations): checked, logged, mailed."""
