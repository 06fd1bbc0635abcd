"""One page of a list, as the API's list endpoints answer it."""


def page_answer(rows, *, limit: int, offset: int, shape) -> dict:
    """The page of ``rows`` from ``offset``, at most ``limit`` of them, each as ``shape``
    gives it, with the count of all rows.

    ``rows`` is a queryset (counted by the database) or a list already filtered in
    Python (counted by its length).
    """
    count = len(rows) if isinstance(rows, list) else rows.count()
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "items": [shape(row) for row in rows[offset : offset + limit]],
    }
