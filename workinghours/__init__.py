"""Time counted in a place's opening hours: a weekly timetable, with days off (bank holidays).

`Schedule` adds and subtracts working hours and says when an opening hours timetable is open; it
knows nothing of where the timetable comes from (the clinic's details, in `pages`). Pure Python, no
models, no other app imported.
"""
