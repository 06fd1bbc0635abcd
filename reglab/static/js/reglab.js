// Asks before destructive actions: any button or link with data-confirm, in the
// platform's own dialog (base.html), not the browser's confirm(). On "Yes" the same
// element is clicked again, once, so forms, links and htmx requests go as they would.
// With data-confirm-when="<selector>" it asks only while the selector matches (the
// live check says the action can go through); otherwise the action goes unasked and
// the server's refusal says what is missing: no "are you sure?" before a refusal.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  var dialog = document.getElementById("confirm-dialog");
  if (!target) {
    return;
  }
  var when = target.getAttribute("data-confirm-when");
  if (when && !document.querySelector(when)) {
    return;
  }
  if (target.hasAttribute("data-confirmed")) {
    target.removeAttribute("data-confirmed");
    return;
  }
  event.preventDefault();
  event.stopImmediatePropagation();
  if (!dialog || typeof dialog.showModal !== "function") {
    if (window.confirm(target.getAttribute("data-confirm"))) {
      target.setAttribute("data-confirmed", "");
      target.click();
    }
    return;
  }
  dialog.querySelector("#confirm-dialog-text").textContent = target.getAttribute("data-confirm");
  dialog.returnValue = "";
  dialog.addEventListener("close", function answered() {
    dialog.removeEventListener("close", answered);
    if (dialog.returnValue === "confirm") {
      target.setAttribute("data-confirmed", "");
      target.click();
    } else {
      target.focus();
    }
  });
  dialog.showModal();
}, true);

// The error summary above a form sent back takes focus, so it is read out first;
// its links move to the field (GOV.UK's pattern).
function focusErrorSummary(root) {
  var summary = (root || document).querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
}
document.addEventListener("DOMContentLoaded", function () { focusErrorSummary(document); });
document.addEventListener("htmx:afterSwap", function (event) { focusErrorSummary(event.target); });
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) {
    return;
  }
  var field = document.getElementById(link.getAttribute("href").slice(1));
  if (field) {
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  }
});

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

// The compact header: on a phone the links fold behind the "Meny" button (base.html).
// Without this script the button stays hidden and every link shows.
(function () {
  var button = document.querySelector(".menu-toggle");
  if (!button) {
    return;
  }
  var menu = document.getElementById(button.getAttribute("aria-controls"));
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true"
        && menu && menu.contains(document.activeElement)) {
      setOpen(false);
      button.focus();
    }
  });
})();

// Tables too wide for the screen stack (reglab.css, table.is-stacked): each cell gets
// its column's name in data-label. Only a table that does not fit is stacked, and
// again after a resize or an htmx swap.
(function () {
  function label(table) {
    var names = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.replace(/\s+/g, " ").trim();
    });
    table.querySelectorAll("tbody tr, tfoot tr").forEach(function (row) {
      var column = 0;
      Array.prototype.forEach.call(row.children, function (cell) {
        if (!cell.hasAttribute("data-label") && names[column]) {
          cell.setAttribute("data-label", names[column]);
        }
        column += cell.colSpan || 1;
      });
    });
  }
  // A table marked data-stack stacks on every phone, whether it fits or not.
  var phone = window.matchMedia("(max-width: 40rem)");
  function fit() {
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.getAttribute("role") === "presentation" || !table.parentElement) {
        return;
      }
      table.classList.remove("is-stacked");
      if ((table.hasAttribute("data-stack") && phone.matches)
          || table.getBoundingClientRect().width > table.parentElement.clientWidth + 1) {
        label(table);
        table.classList.add("is-stacked");
      }
    });
  }
  var pending = null;
  function later() {
    window.clearTimeout(pending);
    pending = window.setTimeout(fit, 100);
  }
  fit();
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", fit);
  document.addEventListener("toggle", fit, true);
})();
