// Provrum pages: a form marked data-submit-once is sent once, however often
// its button is pressed. htmx forms use hx-disabled-elt instead.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-submit-once") || form.hasAttribute("hx-post")) {
      return;
    }
    if (form.getAttribute("data-submitting") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitting", "true");
    // Disable after the browser has collected the form's values, so the
    // pressed button's own name and value are still sent.
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  // Coming back with the browser's back button shows the page as it was left:
  // enable its forms again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      form.removeAttribute("data-submitting");
      form.querySelectorAll("button[aria-disabled=true]").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });
})();

// After htmx swaps a part of the provrum page, move focus to the outcome
// message in it, so keyboard and screen reader users are not left on a
// button that no longer exists. The board's results keep focus in the search.
document.addEventListener("htmx:afterSettle", function (event) {
  var target = event.detail && event.detail.target;
  if (!target || !target.id || target.id === "results" || target.id === "similar-results") {
    return;
  }
  var fresh = document.getElementById(target.id);
  var message = fresh && fresh.querySelector("[data-feedback]");
  if (message) {
    message.focus();
  }
});

// The discussion has one reply form. "Reply" under a comment moves it there, sets the
// comment it answers and its label (from the link's data attributes, as text), and
// focuses it; without JavaScript the link opens the page with the form set instead.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-reply-to]");
  var form = document.getElementById("reply-form");
  if (!link || !form) {
    return;
  }
  var article = link.closest("article");
  if (!article) {
    return;
  }
  event.preventDefault();
  form.querySelector("input[name=parent]").value = link.getAttribute("data-reply-to");
  form.querySelector("label[for=id_reply_body]").textContent = link.getAttribute("data-reply-label");
  form.querySelectorAll("[data-feedback]").forEach(function (message) {
    message.remove();
  });
  article.after(form);
  form.hidden = false;
  form.querySelector("textarea").focus();
});
