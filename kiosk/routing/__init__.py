"""Division queues (issue #17 items 2 and 3), without Qt.

A received bundle queues each sheet for the division that handles its form, under a waiting
number per division per day; tickets move arrived → in progress → done; the public display
shows the numbers called. See :mod:`kiosk.routing.queue` (the store), :mod:`kiosk.routing.divisions`
(divisions as catalogue data), :mod:`kiosk.routing.listen` (other processes learn at once) and
:mod:`kiosk.routing.export` (per-division JSON and CSV).
"""
