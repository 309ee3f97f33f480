"""A seat (or facilitator) process for the concurrency tests, run as a script.

    python seat_worker.py SESSION CODE MODE [ARG]

Modes:
  hammer GO N   wait for file GO, then N times: heartbeat, save a draft, submit, read the view; print a JSON summary
  tick GO       (facilitator code) wait for file GO, then tick once; print the worlds it resolved as JSON
  linger        submit orders, save a draft, print "ready", then keep saving drafts until killed
  show          print the view's own orders and draft as JSON
  wait-turn N   submit a pass, print "submitted", then poll the revision until the turn reaches N; print JSON
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from classroom.store import Store
from engine.inputs import Order


def wait_for(path: Path) -> None:
    deadline = time.monotonic() + 30
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit("the go file never appeared")
        time.sleep(0.005)


def legal(game, faction: str, index: int, why: str) -> list[Order]:
    options = game.legal_options(faction)
    return [options[index % len(options)].order(why)] if options else []


def main() -> None:
    session, code, mode, *args = sys.argv[1:]
    store = Store.open(session)
    desk = store.access(code)
    if mode == "hammer":
        wait_for(Path(args[0]))
        count = int(args[1])
        for i in range(count):
            desk.heartbeat()
            game = desk.game()
            desk.save_draft(legal(game, desk.faction, i + 1, f"draft {desk.faction} {i}"))
            desk.submit(legal(game, desk.faction, i, f"{desk.faction} {i}"))
            assert desk.view().orders[0].why == f"{desk.faction} {i}"
        print(json.dumps({"world": desk.world, "faction": desk.faction, "submitted": count}))
    elif mode == "tick":
        wait_for(Path(args[0]))
        print(json.dumps([[done.world, done.turn] for done in desk.tick()]))
    elif mode == "linger":
        game = desk.game()
        desk.submit(legal(game, desk.faction, 0, "kept after the crash"))
        desk.save_draft(legal(game, desk.faction, 1, "draft 0"))
        print("ready", flush=True)
        i = 0
        while True:
            i += 1
            desk.save_draft(legal(game, desk.faction, 1, f"draft {i}"))
    elif mode == "show":
        view = desk.view()
        print(
            json.dumps(
                {
                    "orders": [o.why for o in view.orders or ()],
                    "draft": [o.why for o in view.draft or ()],
                    "turn": view.game.turn,
                }
            )
        )
    elif mode == "wait-turn":
        desk.submit([])
        start = desk.revision()
        print("submitted", flush=True)
        deadline = time.monotonic() + 30
        while desk.view().game.turn < int(args[0]):
            if time.monotonic() > deadline:
                raise SystemExit("the turn never came")
            time.sleep(0.02)
        print(json.dumps({"turn": desk.view().game.turn, "before": start, "after": desk.revision()}))
    store.close()


if __name__ == "__main__":
    main()
