"""Helpers the built-in rules of both parts share: lookups, windows and checks, no rules.

- `agreed_channels`: the centre's channels named in agreements in force;
- `documents`: whether a party has a current, approved document of a kind;
- `local_time`: UTC timestamps and weekly hours in a zone's wall-clock time;
- `look_back`: the first day of a look-back window ending on the assessment date;
- `staff`: who handles contacts, and the competencies required of them.
"""
