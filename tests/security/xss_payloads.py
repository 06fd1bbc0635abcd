"""The attack corpus: XSS payloads for every free-text field and file name (issue 17, part 3).

Each payload carries a marker of its own (``xssmk01`` …). Were one to run, it calls
``window.__xss(marker)`` (the browser test defines it), fetches a marker URL
(``/xss-hit/<marker>``, intercepted by the test) or leaves an element in the page
that carries ``data-xss``, an ``x-xss`` tag or a marker in an event handler or
htmx attribute. The kinds: script tags, event handlers, ``javascript:`` and
``data:`` URLs, SVG and MathML, breakouts from attributes and from ``<textarea>``,
``<title>`` and ``<script>`` (json_script), template injection (``{{7*7777}}``
would render 54439), htmx attributes (``hx-get``/``hx-trigger=load``,
``hx-on``), CSS, markdown links, spreadsheet formulas, a CR/LF for calendar
files and polyglots.
"""

HIT = "/xss-hit/"  # every URL a payload would load starts here
EVALUATED = "54439"  # 7*7777: a template engine that evaluated the text would show this

_TEMPLATES = [
    "<script>__xss('{m}')</script>",
    '<img src={hit}{m} onerror="__xss(\'{m}\')" data-xss="{m}">',
    '<svg onload="__xss(\'{m}\')" data-xss="{m}"></svg>',
    "<svg><script>__xss('{m}')</script></svg>",
    "<math><mtext><table><mglyph><style><img src={hit}{m} onerror=__xss('{m}') data-xss={m}>",
    "\"><img src={hit}{m} onerror=__xss('{m}') data-xss={m}>",
    "'><svg onload=__xss('{m}') data-xss={m}>",
    '" onmouseover="__xss(\'{m}\')" data-xss="{m}',
    "' onfocus='__xss(\"{m}\")' autofocus data-xss='{m}",
    "javascript:__xss('{m}')",
    '<a href="javascript:__xss(\'{m}\')" data-xss="{m}">länk</a>',
    '<iframe src="javascript:__xss(\'{m}\')" data-xss="{m}"></iframe>',
    '<iframe srcdoc="<script>parent.__xss(\'{m}\')</script>" data-xss="{m}"></iframe>',
    "<body onload=__xss('{m}') data-xss={m}>",
    "<details open ontoggle=__xss('{m}') data-xss={m}>",
    "<input autofocus onfocus=__xss('{m}') data-xss={m}>",
    "<video><source onerror=__xss('{m}') data-xss={m}></video>",
    "<audio src={hit}{m} onerror=__xss('{m}') data-xss={m}>",
    "<object data=\"javascript:__xss('{m}')\" data-xss={m}></object>",
    '<embed src="{hit}{m}" data-xss={m}>',
    "<form action=\"javascript:__xss('{m}')\" data-xss={m}><button>x</button></form>",
    '<div hx-get="{hit}{m}" hx-trigger="load" data-xss="{m}"></div>',
    '<div hx-on:load="__xss(\'{m}\')" hx-get="{hit}{m}" hx-trigger=load data-xss="{m}"></div>',
    '<div hx-on::after-settle="__xss(\'{m}\')" data-xss="{m}">x</div>',
    '<button hx-post="{hit}{m}" hx-trigger="load" hx-target="body" data-xss="{m}">x</button>',
    '<div data-hx-get="{hit}{m}" data-hx-trigger="load" data-xss="{m}"></div>',
    '" hx-get="{hit}{m}" hx-trigger="load" data-xss="{m}',
    "' hx-on:htmx:load='__xss(\"{m}\")' data-xss='{m}",
    "<style>@import '{hit}{m}';</style>",
    '<div style="background:url({hit}{m})" data-xss="{m}">x</div>',
    "<link rel=stylesheet href={hit}{m} data-xss={m}>",
    "{{{{constructor.constructor('__xss(\"{m}\")')()}}}} {m}",
    "{{{{7*7777}}}} {m}",
    "${{7*7777}} #{{7*7777}} {m}",
    "{{% debug %}}{{{{ request.user.password }}}} {m}",
    "<scr<script>ipt>__xss('{m}')</scr</script>ipt>",
    "<SCRIPT SRC={hit}{m}></SCRIPT>",
    "<script src=\"data:text/javascript,__xss('{m}')\"></script>",
    "<noscript><p title=\"</noscript><img src={hit}{m} onerror=__xss('{m}') data-xss={m}>\">",
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=__xss('{m}') )//%0D%0A%0d%0a//</stYle/"
    "</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=__xss('{m}') data-xss={m}//>\\x3e",
    "</textarea><script>__xss('{m}')</script><x-xss data-xss={m}></x-xss>",
    "</title><script>__xss('{m}')</script><x-xss data-xss={m}></x-xss>",
    "</script><script>__xss('{m}')</script><x-xss data-xss={m}></x-xss>",
    "<!--<img src=\"--><img src={hit}{m} onerror=__xss('{m}') data-xss={m}>",
    '<meta http-equiv="refresh" content="0;url={hit}{m}" data-xss={m}>',
    '<base href="{hit}{m}/" data-xss={m}>',
    "[klicka här](javascript:__xss('{m}')) {m}",
    "![bild]({hit}{m})",
    "<a href=\"&#106;avascript:__xss('{m}')\" data-xss={m}>x</a>",
    '=HYPERLINK("http://127.0.0.1{hit}{m}","{m}")',
    "+cmd|' /C calc'!A0 {m}",
    "-2+3+cmd|' /C calc'!A0 {m}",
    "@SUM(1+1)*cmd|' /C calc'!A0 {m}",
    "<x-xss data-xss={m}>anpassat element</x-xss>",
    "<marquee onstart=__xss('{m}') data-xss={m}>x</marquee>",
    '<svg><a xlink:href="javascript:__xss(\'{m}\')" data-xss="{m}"><text>x</text></a></svg>',
    "<svg><animate onbegin=__xss('{m}') attributeName=x dur=1s data-xss={m}></svg>",
    "<img src=x:y onerror=eval(atob('X194c3MoJ3hzc21rNTgnKQ==')) data-xss={m}>",
    "Rad ett\r\nX-XSS-{m}:injicerad\r\nBEGIN:VEVENT",
    "<template shadowrootmode=open><img src={hit}{m} onerror=__xss('{m}')></template>",
    "<table background=\"javascript:__xss('{m}')\" data-xss={m}><tr><td>x</td></tr></table>",
]


def marker(number: int) -> str:
    return f"xssmk{number:02d}"


PAYLOADS: list[str] = [
    template.replace("{hit}", HIT)
    .replace("{m}", marker(number))
    # Literal braces in the templates are doubled for readability of the marker slots.
    .replace("{{", "{")
    .replace("}}", "}")
    for number, template in enumerate(_TEMPLATES, start=1)
]

assert len(PAYLOADS) >= 50
assert len(set(PAYLOADS)) == len(PAYLOADS)
assert all(marker(number) in payload for number, payload in enumerate(PAYLOADS, start=1))


def rotating(offset: int, limit: int) -> str:
    """As many payloads as fit in ``limit`` characters, starting with the one at ``offset``.

    Long text fields get all of them (one after another, a line each); a short field in
    many rows gets a different first payload in each, so that every payload comes first
    somewhere (which is what a spreadsheet cell or an attribute sees).
    """
    text = ""
    for step in range(len(PAYLOADS)):
        payload = PAYLOADS[(offset + step) % len(PAYLOADS)]
        candidate = f"{text}\n{payload}" if text else payload
        if len(candidate) > limit:
            break
        text = candidate
    return text or PAYLOADS[offset % len(PAYLOADS)][:limit]
