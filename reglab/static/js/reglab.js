// Asks before destructive actions: any button or link with data-confirm.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.getAttribute("data-confirm"))) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}, true);

// CSRF for htmx (finding 1 of issue 10). The token is never inherited from the page:
// an htmx request that changes something carries it only when the element that makes
// the request is one the platform rendered for that purpose, marked with
// data-reglab-csrf="<the token>" on the element itself (a form, or the plan's and the
// report's check). Markup that slips into a page through an escaping bug cannot know
// the token, so its requests go without one, or not at all:
// - a non-GET request from an unmarked element is cancelled;
// - the marker is read from the requesting element only, never from an ancestor;
// - a form's own csrfmiddlewaretoken field is dropped from every htmx request, so
//   hx-include, or a form that injected markup leaves open and that swallows the
//   platform's next form, cannot send the token as a parameter;
// - a token header set by hx-headers is dropped.
// Containers of people's text also carry hx-disable, and htmx-config turns off eval.
// The listener runs in the capture phase on document, so no element can stop it.
(function () {
  var FIELD = "csrfmiddlewaretoken";
  var HEADER = "X-CSRFToken";

  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (detail.parameters && typeof detail.parameters.delete === "function") {
      detail.parameters.delete(FIELD);
    }
    Object.keys(detail.headers || {}).forEach(function (name) {
      if (name.toLowerCase() === HEADER.toLowerCase()) {
        delete detail.headers[name];
      }
    });
    if (String(detail.verb).toLowerCase() === "get") {
      return;
    }
    var element = detail.elt;
    var token = element && element.getAttribute ? element.getAttribute("data-reglab-csrf") : "";
    if (!token) {
      event.preventDefault();
      return;
    }
    detail.headers[HEADER] = token;
  }, true);
})();
