"""Whether people's text on a page sits inside an ``hx-disable`` container.

Shared by the findings that put a marker into every field people write (finding 1 for the
provrum pages and newsletter, finding 14 for the meetings, the attacks on the live dialog):
escaped, the marker is the page's text; it must also be where htmx processes no attributes.
"""

from html.parser import HTMLParser

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class Containers(HTMLParser):
    """Every text node holding ``mark``, with whether an ancestor carries hx-disable.

    Text in <title> and <textarea> is left out: the browser never parses it as markup.
    With ``attributes``, attribute values holding the mark are listed too, and an
    ``onerror`` attribute (the marker's markup become an element) fails at once.
    """

    def __init__(self, mark: str, *, attributes: bool = False):
        super().__init__(convert_charrefs=True)
        self.mark = mark
        self.attributes = attributes
        self.stack: list[tuple[str, bool]] = []
        self.found: list[tuple[bool, str, str]] = []

    def handle_starttag(self, tag, attrs):
        if self.attributes:
            assert "onerror" not in dict(attrs), (tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, "hx-disable" in dict(attrs)))
        if not self.attributes:
            return
        for name, value in attrs:
            if value and self.mark in value:
                disabled = any(flag for _, flag in self.stack)
                self.found.append((disabled, f"{tag}[{name}]", value[:60]))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.mark not in data:
            return
        tags = [tag for tag, _ in self.stack]
        if "title" in tags or "textarea" in tags:
            return
        disabled = any(flag for _, flag in self.stack)
        self.found.append((disabled, "/".join(tags[-3:]), data.strip()[:60]))


def unguarded(document: str, mark: str, *, attributes: bool = False) -> list:
    """Where the page shows ``mark`` outside every hx-disable container (none: ``[]``)."""
    parser = Containers(mark, attributes=attributes)
    parser.feed(document)
    assert parser.found, "the page shows the marked text"
    return [(where, text) for disabled, where, text in parser.found if not disabled]
