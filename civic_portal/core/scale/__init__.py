"""City-sized generated data for the benchmark: `manage.py generate_scale` (see generate.py for the order).

One module per app area (accounts, groups, volunteers, facilities, bookings, grants, indicators) builds plain rows
and writes them with COPY (bulk.py); names.py holds the Japanese word and syllable tables; guard.py refuses a
database that holds anything else. Every generated account's address ends in @scale.example.jp.
"""
