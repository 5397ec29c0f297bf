"""What the trainer's dashboard costs when a whole group has answered every exercise type.

Fills a fresh SQLite store with a group that answered every exercise of the demo workshop
(one of each type), through each type's own ``check_answer``, then times the dashboard:
the first full drawing, a poll with nothing new, and a poll after one changed answer (which
redraws only that exercise's panel). Runs in one process, no browser, no server.

    .venv/bin/python -m benchmarks.dashboard_refresh [--people 30] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from samenspraak.app.dashboard import TrainerDashboard
from samenspraak.catalog import load_workshop
from samenspraak.core.content import ExerciseBase
from samenspraak.core.records import Participant, Role
from samenspraak.core.store import Store
from samenspraak.exercises import exercise_type

WORDS = ["luisteren", "vertrouwen", "samen", "eerlijk", "tijd", "ruimte", "gelijkwaardig", "open"]
SENTENCES = [
    "Ik vraag eerst wat de ouder zelf al weet.",
    "We kijken samen wat thuis werkt.",
    "Ik vertel op tijd wat ik zie en wat ik van plan ben.",
    "De ouder kiest wat we eerst aanpakken.",
    "Ik luister zonder meteen advies te geven.",
]


def _casus_path(exercise: Any, rng: random.Random) -> list[int]:
    steps = {step.id: step for step in exercise.steps}
    step, path = steps[exercise.start], []
    while step.choices:
        path.append(rng.randrange(len(step.choices)))
        step = steps[step.choices[path[-1]].next]
    return path


def _points(options: list[str], total: int, rng: random.Random) -> dict[str, int]:
    cuts = sorted(rng.randint(0, total) for _ in options[1:])
    edges = [0, *cuts, total]
    return {option: edges[i + 1] - edges[i] for i, option in enumerate(options)}


def _perspectief(exercise: Any, role: Role, rng: random.Random) -> Any:
    own = {"self": {i.id: rng.randint(1, 5) for i in exercise.items}}
    if role is Role.PROFESSIONAL:
        own["guess"] = {i.id: rng.randint(1, 5) for i in exercise.items}
    return own


def _rangorde(exercise: Any, _role: Role, rng: random.Random) -> Any:
    ids = [o.id for o in exercise.options]
    if exercise.mode == "volgorde":
        return {"order": rng.sample(ids, len(ids))}
    return {"points": _points(ids, exercise.points, rng)}


def _afspraken(exercise: Any, _role: Role, rng: random.Random) -> Any:
    sentence = rng.choice(SENTENCES)
    task = {"who": rng.choice(exercise.who), "what": sentence, "when": "over twee weken"}
    return {
        "goal": sentence,
        "agree": sentence,
        "disagree": "",
        "tasks": [task],
        "evaluate": "Over zes weken samen terugkijken.",
        "unknown": "Dat zeggen we eerlijk.",
    }


# Per type: a plausible answer as a participant's form hands it to ``check_answer``.
SAMPLES: dict[str, Callable[[Any, Role, random.Random], Any]] = {
    "schaal": lambda e, _r, rng: {"scores": {s.id: rng.randint(1, 5) for s in e.statements}},
    "stelling": lambda _e, _r, rng: {
        "choice": rng.choice(["eens", "oneens", "weet_niet"]),
        "reason": rng.choice(SENTENCES),
    },
    "open": lambda _e, _r, rng: {"text": rng.choice(SENTENCES)},
    "woordwolk": lambda _e, _r, rng: {"words": rng.sample(WORDS, 2)},
    "perspectief": _perspectief,
    "rangorde": _rangorde,
    "quiz": lambda e, _r, rng: {
        "choices": {q.id: rng.randrange(len(q.options)) for q in e.questions}
    },
    "casus": lambda e, _r, rng: {
        "path": _casus_path(e, rng),
        "debrief": {q.id: rng.choice(SENTENCES) for q in e.debrief},
    },
    "klik": lambda e, _r, rng: {"scores": {i.id: rng.randint(0, 10) for i in e.items}},
    "ideeen": lambda _e, _r, rng: {
        "ideas": [{"id": secrets.token_hex(4), "text": rng.choice(SENTENCES)}],
        "votes": [],
    },
    "taalcheck": lambda _e, _r, rng: {
        "id": secrets.token_hex(4),
        "text": rng.choice(SENTENCES),
        "votes": [],
    },
    "afspraken": _afspraken,
    "reflectie": lambda e, _r, rng: {"texts": {p.id: rng.choice(SENTENCES) for p in e.prompts}},
}


def raw_answer(exercise: Any, role: Role, rng: random.Random) -> Any:
    """A plausible raw answer for ``exercise`` from a participant in ``role``."""
    return SAMPLES[exercise.type](exercise, role, rng)


def with_votes(value: dict[str, Any], others: list[str], limit: int, rng: random.Random) -> Any:
    return {**value, "votes": rng.sample(others, min(limit, len(others)))}


def fill(store: Store, code: str, workshop_id: str, people: int, seed: int = 1) -> list:
    """``people`` participants (a quarter parents) answer every exercise; returns them."""
    rng = random.Random(seed)
    workshop = load_workshop(workshop_id)
    group: list[Participant] = [
        store.join(code, Role.OUDER if n % 4 == 3 else Role.PROFESSIONAL) for n in range(people)
    ]
    for exercise in workshop.exercises:
        check = exercise_type(exercise.type).check_answer
        values = [check(exercise, raw_answer(exercise, p.role, rng)) for p in group]
        if exercise.type in {"ideeen", "taalcheck"}:
            ids = [v["ideas"][0]["id"] if "ideas" in v else v["id"] for v in values]
            values = [
                check(exercise, with_votes(v, ids[:n] + ids[n + 1 :], exercise.votes, rng))
                for n, v in enumerate(values)
            ]
        for participant, value in zip(group, values, strict=True):
            store.save_answer(participant, exercise.id, value)
    return group


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return times


def arguments(doc: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=5)
    return parser.parse_args()


def group_session(tmp: str, people: int) -> tuple[Store, Any, TrainerDashboard, Any, list]:
    """A dashboard on a fresh SQLite store whose demo session ``people`` have answered."""
    store = Store(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
    workshop = load_workshop("demo")
    dashboard = TrainerDashboard(store, {"demo": workshop}, "http://localhost:8866")
    dashboard.min_group.value = 5
    session = dashboard.start_session()  # draws every panel empty
    group = fill(store, session.code, "demo", people)
    print(f"{people} people, {len(workshop.exercises)} exercises (every type)")
    return store, workshop, dashboard, session, group


def main() -> None:
    args = arguments(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        store, workshop, dashboard, session, group = group_session(tmp, args.people)
        view = dashboard.session_view

        full = timed(lambda: view.refresh(force=True), args.repeat)
        print(f"full redraw, every panel: median {statistics.median(full):.2f} s")
        for exercise in workshop.exercises:
            panel = view.panels[exercise.id]
            answers = store.answers(session.id, exercise.id)
            summarize = exercise_type(exercise.type).summarize
            one = timed(lambda p=panel, e=exercise, a=answers, s=summarize: _draw(p, e, a, s), 3)
            print(
                f"  {exercise.type:<12} {exercise.id:<26} {statistics.median(one) * 1000:7.1f} ms"
            )
        idle = timed(view.refresh, args.repeat)
        print(f"poll, nothing new: median {statistics.median(idle) * 1000:.1f} ms")
        exercise = workshop.exercise("demo-open")

        def change() -> None:
            value = {"text": f"Ik vraag eerst door ({time.perf_counter()})."}
            store.save_answer(group[0], exercise.id, value)
            assert view.refresh()

        changed = timed(change, args.repeat)
        print(f"poll after one changed answer: median {statistics.median(changed) * 1000:.1f} ms")
        store.dispose()


def _draw(panel: Any, exercise: ExerciseBase, answers: list, summarize: Any) -> None:
    panel.update(summarize(exercise, answers), len(answers))


if __name__ == "__main__":
    main()
