"""Drill: 500 live answers at once over several app processes: 0 lost, 0 duplicated.

500 phones join a meeting's room through the API (`make serve`, four gunicorn processes, on
PostgreSQL), then all of them answer the open question at the same moment, and every phone
sends its answer five times in parallel (DRILL_REPEATS; a nervous thumb: a repeat replaces
the answer). Afterwards the database must hold exactly one answer for every phone, no phone
two, and no request may have failed.
"""

import os
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.drills.client import request, result_line
from bench.drills.platform import platform, serve

PHONES = int(os.environ.get("DRILL_PHONES", "500"))
REPEATS = int(os.environ.get("DRILL_REPEATS", "5"))
WORKERS = int(os.environ.get("DRILL_WORKERS", "4"))


def main() -> int:
    with platform("live", time_limit=600) as running:
        from bench.live import make_meeting

        meeting, question, room, option_id = make_meeting()
        from django.db import connections

        connections.close_all()
        serve(running, workers=WORKERS)
        port = running.http_port

        def join(_number):
            status, body = request(port, "POST", f"/api/v1/live/{room.code}/participants", {})
            return body["token"] if status == 201 else None

        with ThreadPoolExecutor(max_workers=32) as pool:
            tokens = [token for token in pool.map(join, range(PHONES)) if token]

        answer_path = f"/api/v1/live/{room.code}/questions/{question}/answers"

        def answer(token):
            try:
                status, _body = request(port, "POST", answer_path, {"options": [option_id]}, token)
                return status
            except OSError as error:
                return repr(error)

        # Every phone REPEATS times in parallel (a nervous thumb), through 100 connections
        # at a time, so a phone's copies are in flight together in different processes.
        sends = [token for token in tokens for _copy in range(REPEATS)]
        with ThreadPoolExecutor(max_workers=100) as pool:
            statuses = list(pool.map(answer, sends))

        from reglab.live.models import Answer, Participant

        answered = Answer.objects.filter(question_id=question)
        counted = answered.count()
        distinct = answered.values("participant").distinct().count()
        joined = Participant.objects.filter(meeting_id=meeting).count()
        ok = sum(1 for status in statuses if status == 201)
        errors = [status for status in statuses if status != 201]
        figures = {
            "phones joined": len(tokens),
            f"answers sent (each phone {REPEATS} times at once)": len(statuses),
            "app processes (gunicorn)": WORKERS,
            "answered 201": ok,
            "errors": len(errors),
            "answers in the database": counted,
            "duplicates": counted - distinct,
            "lost (phones with no answer)": len(tokens) - distinct,
            "participants in the database": joined,
        }
        print("\n".join(f"{key}: {value}" for key, value in figures.items()))
        passed = len(tokens) == PHONES and counted == PHONES == distinct and not errors
        print(result_line("live_answers", passed, figures))
        return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
