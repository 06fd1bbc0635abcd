// The project plan editor: rows are added and removed, and the sums of the
// budget and the financing follow what is typed. Without JavaScript the form
// has blank rows to fill in and the sums are computed when it is saved; the
// rules are always checked by the server (the htmx check beside the buttons).
(function () {
  "use strict";

  var ROW_INDEX = /^([a-z_]+)-(\d+)-/;

  var MAX_AMOUNT = 100000000;

  function amount(input) {
    // Whole kronor, read as the server reads them (plan_validation.parse_amount):
    // spaces, a trailing "kr" and ",00" are allowed; anything else is not counted.
    var text = (input.value || "").replace(/[\s\u00a0\u202f]/g, "").replace(/kr$/i, "");
    text = text.replace(/[.,]0+$/, "");
    if (text === "") {
      return { value: 0, ok: true };
    }
    if (!/^\d{1,15}$/.test(text) || parseInt(text, 10) > MAX_AMOUNT) {
      return { value: 0, ok: false };
    }
    return { value: parseInt(text, 10), ok: true };
  }

  function formatSek(value) {
    return new Intl.NumberFormat("sv-SE").format(value);
  }

  function sums(form) {
    var result = { budget: 0, not_working_time: 0, working_time: 0, financing: 0, base_funding: 0 };
    var unreadable = false;
    form.querySelectorAll("[data-row-kind='budget_lines'] [data-row]").forEach(function (row) {
      var input = row.querySelector("[data-amount]");
      if (!input) {
        return;
      }
      var parsed = amount(input);
      unreadable = unreadable || !parsed.ok;
      var working = row.querySelector("[data-working-time]");
      var category = row.querySelector("[data-category]");
      result.budget += parsed.value;
      if ((working && working.checked) || (category && category.value === "working_time")) {
        result.working_time += parsed.value;
      } else {
        result.not_working_time += parsed.value;
      }
    });
    form.querySelectorAll("[data-row-kind='financing'] [data-row]").forEach(function (row) {
      var input = row.querySelector("[data-amount]");
      if (!input) {
        return;
      }
      var parsed = amount(input);
      unreadable = unreadable || !parsed.ok;
      var source = row.querySelector("[data-source]");
      result.financing += parsed.value;
      if (source && source.value === "base_funding") {
        result.base_funding += parsed.value;
      }
    });
    result.unreadable = unreadable;
    return result;
  }

  function showSums(form) {
    var values = sums(form);
    document.querySelectorAll("[data-sum]").forEach(function (output) {
      var name = output.getAttribute("data-sum");
      if (!(name in values)) {
        return;
      }
      output.setAttribute("data-value", String(values[name]));
      output.textContent = formatSek(values[name]);
    });
    document.querySelectorAll("[data-sums-unreadable]").forEach(function (note) {
      note.hidden = !values.unreadable;
    });
    // The share of the budget that base funding makes up, when there is a budget.
    document.querySelectorAll("[data-sum-share]").forEach(function (output) {
      var share = values.budget > 0 ? Math.round((100 * values.base_funding) / values.budget) : 0;
      output.setAttribute("data-value", String(share));
      output.textContent = String(share);
    });
  }

  function renumber(row, index) {
    row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (element) {
      ["name", "id", "for"].forEach(function (attribute) {
        var value = element.getAttribute(attribute);
        if (value) {
          element.setAttribute(attribute, value.replace(/-(\d+)-/, "-" + index + "-"));
        }
      });
      element.removeAttribute("aria-describedby");
      element.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".errorlist").forEach(function (list) {
      list.remove();
    });
    row.classList.remove("plan-row-invalid");
    row.querySelectorAll(".field-error").forEach(function (field) {
      field.classList.remove("field-error");
    });
  }

  function nextIndex(group) {
    var highest = -1;
    group.querySelectorAll("[data-row] [name]").forEach(function (element) {
      var match = ROW_INDEX.exec(element.getAttribute("name"));
      if (match) {
        highest = Math.max(highest, parseInt(match[2], 10));
      }
    });
    return highest + 1;
  }

  function clearRow(row) {
    row.querySelectorAll("input, select, textarea").forEach(function (element) {
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = false;
      } else if (element.tagName === "SELECT") {
        element.selectedIndex = 0;
      } else {
        element.value = "";
      }
    });
  }

  function addRow(group) {
    var rows = group.querySelectorAll("[data-row]");
    var template = rows[rows.length - 1];
    if (!template) {
      return;
    }
    var row = template.cloneNode(true);
    clearRow(row);
    renumber(row, nextIndex(group));
    template.parentNode.insertBefore(row, template.nextSibling);
    syncSource(row);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) {
      first.focus();
    }
  }

  function removeRow(row, form) {
    var group = row.closest("[data-row-kind]");
    var rows = group.querySelectorAll("[data-row]");
    var focusTarget = group.querySelector("[data-add-row]");
    if (rows.length <= 1) {
      // The last row stays, empty, so there is always one to fill in.
      clearRow(row);
      syncSource(row);
      focusTarget = row.querySelector("input:not([type=hidden]), select, textarea") || focusTarget;
    } else {
      row.remove();
    }
    if (focusTarget) {
      focusTarget.focus();
    }
    showSums(form);
    form.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // A financing line names an organisation for an own contribution and a
  // source for other financing; only the field that applies is shown.
  function syncSource(row) {
    var source = row.querySelector("[data-source]");
    if (!source) {
      return;
    }
    [
      [".plan-field-organisation", "organisation"],
      [".plan-field-label", "other"],
    ].forEach(function (pair) {
      var field = row.querySelector(pair[0]);
      if (!field) {
        return;
      }
      var control = field.querySelector("input, select");
      var keep = source.value === pair[1] || field.classList.contains("field-error");
      field.hidden = !keep && !(control && control.value && source.value === "");
    });
  }

  function enhance(form) {
    form.classList.add("plan-form-enhanced");
    form.querySelectorAll("[data-add-row], [data-remove-row]").forEach(function (button) {
      button.hidden = false;
    });
    form.addEventListener("click", function (event) {
      var add = event.target.closest("[data-add-row]");
      if (add) {
        event.preventDefault();
        addRow(add.closest("[data-row-kind]"));
        showSums(form);
        return;
      }
      var remove = event.target.closest("[data-remove-row]");
      if (remove) {
        event.preventDefault();
        removeRow(remove.closest("[data-row]"), form);
      }
    });
    form.addEventListener("input", function () {
      showSums(form);
    });
    form.addEventListener("change", function (event) {
      if (event.target.matches && event.target.matches("[data-source]")) {
        syncSource(event.target.closest("[data-row]"));
      }
      showSums(form);
    });
    form.querySelectorAll("[data-row-kind='financing'] [data-row]").forEach(syncSource);
    showSums(form);
  }

  function start() {
    document.querySelectorAll("form[data-plan-form]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  // The server's check replaces the sums; show the live ones again over it,
  // so what was typed since the request was sent is not undone.
  document.addEventListener("htmx:afterSettle", function () {
    var form = document.querySelector("form[data-plan-form]");
    if (form) {
      showSums(form);
    }
  });
})();
