"""Drill: 500 live answers at once over two app processes: 0 lost, 0 duplicated.

500 phones join a meeting's room through the API (`make serve`, two gunicorn processes, on
PostgreSQL), then all of them answer the open question at the same moment, and every phone
sends its answer twice at once (a double tap: the second replaces the first). Afterwards the
database must hold exactly one answer for every phone that got 201, and no phone two.
"""

import os
import sys
from concurrent.futures import ThreadPoolExecutor

from bench.drills.client import request, result_line
from bench.drills.platform import platform, serve

PHONES = int(os.environ.get("DRILL_PHONES", "500"))


def main() -> int:
    with platform("live", time_limit=600) as running:
        from bench.live import make_meeting

        meeting, question, room, option_id = make_meeting()
        from django.db import connections

        connections.close_all()
        serve(running, workers=2)
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

        # Every phone twice, all released at once through 100 connections at a time.
        with ThreadPoolExecutor(max_workers=100) as pool:
            statuses = list(pool.map(answer, [token for token in tokens for _twice in (1, 2)]))

        from reglab.live.models import Answer, Participant

        answered = Answer.objects.filter(question_id=question)
        counted = answered.count()
        distinct = answered.values("participant").distinct().count()
        joined = Participant.objects.filter(meeting_id=meeting).count()
        ok = sum(1 for status in statuses if status == 201)
        errors = [status for status in statuses if status != 201]
        figures = {
            "phones joined": len(tokens),
            "answers sent (each phone twice)": len(statuses),
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
