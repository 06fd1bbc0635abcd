"""The GOV.UK error summary on a page sent back: its box and links, each to a field on the page."""

from lxml import html


def summary_links(content) -> dict[str, str]:
    """The page's one error summary as {field id: message}; every link must point at an
    element that exists on the page (a summary whose link goes nowhere fails here)."""
    page = html.fromstring(content)
    summaries = page.xpath("//*[@data-error-summary]")
    assert len(summaries) == 1, "one error summary on the page"
    summary = summaries[0]
    assert summary.get("tabindex") == "-1" and summary.get("role") == "alert"
    links = {}
    for link in summary.xpath(".//a"):
        href = link.get("href")
        assert href.startswith("#") and len(href) > 1, href
        assert page.xpath("//*[@id=$id]", id=href[1:]), f"no element with id {href[1:]}"
        links[href[1:]] = link.text_content().strip()
    return links
