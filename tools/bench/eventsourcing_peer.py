#!/usr/bin/env python3
"""Peer benchmark: the Python `eventsourcing` library (9.5.x) on SQLite or PostgreSQL, same workload
shape as the project's bench: OCPS-like events (~300 B JSON), zlib-compressed, appended then replayed.
Usage: eventsourcing_peer.py N [--postgres postgres://USER[:PASSWORD]@HOST:PORT/DBNAME[?host=SOCKET_DIR]]
  -> prints one JSON line of figures. PostgreSQL needs `pip install eventsourcing==9.5.6
  "psycopg[binary]" psycopg-pool`; the database should be empty (its tables are created)."""
import json, os, random, sys, tempfile, time
from urllib.parse import parse_qs, urlparse

N = int(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else 100_000
PG = sys.argv[sys.argv.index("--postgres") + 1] if "--postgres" in sys.argv else None
tmp = tempfile.mkdtemp()
os.environ["COMPRESSOR_TOPIC"] = "eventsourcing.compressor:ZlibCompressor"
if PG:
    u = urlparse(PG)
    # A Unix socket's directory as libpq takes it (?host=/tmp/acta-pg), else the URL's host.
    socket_dir = parse_qs(u.query).get("host", [None])[0]
    os.environ.update(PERSISTENCE_MODULE="eventsourcing.postgres", POSTGRES_DBNAME=u.path.lstrip("/"),
                      POSTGRES_HOST=socket_dir or u.hostname or "127.0.0.1", POSTGRES_PORT=str(u.port or 5432),
                      POSTGRES_USER=u.username or "postgres", POSTGRES_PASSWORD=u.password or "")
else:
    os.environ.update(PERSISTENCE_MODULE="eventsourcing.sqlite", SQLITE_DBNAME=os.path.join(tmp, "es.sqlite"))

def store_bytes():
    if not PG:
        return os.path.getsize(os.environ["SQLITE_DBNAME"])
    import psycopg
    with psycopg.connect(PG) as c:
        return c.execute("select pg_database_size(current_database())").fetchone()[0]

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

COUNTRIES = ["RS", "MK", "IT", "HU", "GR", "AL", "BA", "ME", "HR", "SI", "AT", "DE", "FR", "ES"]
TEXT = ("The Conference adopted the principle of holding permanent conference meetings alternately in a "
        "non-EU country and in an EU Member State; the Secretariat shall contact the competent authorities.")

class Meeting(Aggregate):
    @event("MeetingHeld")
    def __init__(self, number, city, country, date):
        self.number, self.city, self.country, self.date = number, city, country, date
        self.outcomes = []
    @event("OutcomeAdopted")
    def adopt(self, text, owner, due):
        self.outcomes.append((text, owner, due))

base_bytes = 0 if not PG else store_bytes()
app = Application()
rnd = random.Random(7)
per_meeting = 10  # 1 MeetingHeld + 9 OutcomeAdopted
t0 = time.perf_counter()
batch = []
written = 0
while written < N:
    m = Meeting(number=written // per_meeting, city="Skopje", country=rnd.choice(COUNTRIES), date="2018-06-30")
    for i in range(per_meeting - 1):
        m.adopt(text=f"{i}. {TEXT}", owner=rnd.choice(COUNTRIES), due="2018-09-01")
    batch.append(m); written += per_meeting
    if len(batch) == 100:
        app.save(*batch); batch = []
if batch: app.save(*batch)
append_s = time.perf_counter() - t0

# durable single-event appends: one transaction per event
single = 2000
m = Meeting(number=-1, city="Rome", country="IT", date="2017-10-12"); app.save(m)
t0 = time.perf_counter()
for i in range(single):
    m.adopt(text=TEXT, owner="RS", due="2018-09-01"); app.save(m)
single_s = time.perf_counter() - t0

# replay: read every notification, decompress + deserialize, fold into a projection
t0 = time.perf_counter()
count, by_owner, start = 0, {}, 1
while True:
    notes = app.recorder.select_notifications(start=start, limit=10_000)
    if not notes: break
    for n in notes:
        ev = app.mapper.to_domain_event(n)
        owner = getattr(ev, "owner", None)
        if owner: by_owner[owner] = by_owner.get(owner, 0) + 1
        count += 1
    start = notes[-1].id + 1
replay_s = time.perf_counter() - t0
size = store_bytes() - base_bytes
print(json.dumps({"peer": f"eventsourcing-9.5 {'postgres' if PG else 'sqlite'}+zlib", "events": written,
                  "append_batched_eps": round(written / append_s),
                  "append_single_tx_eps": round(single / single_s),
                  "replay_eps": round(count / replay_s),
                  "bytes_per_event_on_disk": round(size / count, 1)}))
