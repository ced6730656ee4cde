// Case work pages: live Katz/Lawton totals, and showing only the fields a choice needs.
// No inline scripts (strict CSP): every page that needs this loads the file.
(function () {
  "use strict";

  function scaleTotals(scale) {
    var total = 0, answered = 0;
    var items = scale.querySelectorAll(".scale-item");
    items.forEach(function (item) {
      var checked = item.querySelector("input[type=radio]:checked");
      if (checked) {
        answered += 1;
        total += parseInt(checked.getAttribute("data-points") || "0", 10);
      }
    });
    var badge = scale.querySelector("[data-scale-total]");
    if (!badge) { return; }
    var max = scale.getAttribute("data-max");
    var missing = items.length - answered;
    badge.textContent = (answered ? total : "–") + " / " + max +
      (missing && answered ? " (" + missing + " " + (badge.getAttribute("data-missing-label") || "?") + ")" : "");
    badge.classList.toggle("text-bg-primary", missing === 0);
    badge.classList.toggle("text-bg-secondary", missing !== 0);
  }

  function showWhen(container, visible) {
    if (!container) { return; }
    container.hidden = !visible;
  }

  function wireNoteForm(root) {
    var level = root.querySelector("select[name=level]");
    var readers = root.querySelector(".note-readers");
    if (!level || !readers) { return; }
    var update = function () { showWhen(readers, level.value === "restricted"); };
    level.addEventListener("change", update);
    update();
  }

  function wireTransitionForm(root) {
    var form = root.querySelector("[data-transition-form]");
    if (!form) { return; }
    var status = form.querySelector("select[name=to_status]");
    var closeOnly = form.querySelector("[data-close-only]");
    var update = function () { showWhen(closeOnly, status.value === "closed"); };
    status.addEventListener("change", update);
    update();
  }

  function wireReferralForm(root) {
    var form = root.querySelector("[data-referral-form]");
    if (!form) { return; }
    var update = function () {
      var chosen = form.querySelector("input[name=kind]:checked");
      var kind = chosen ? chosen.value : "internal";
      form.querySelectorAll("[data-kind]").forEach(function (el) {
        showWhen(el, el.getAttribute("data-kind") === kind);
      });
    };
    form.querySelectorAll("input[name=kind]").forEach(function (r) { r.addEventListener("change", update); });
    update();
  }

  function wireCarePlan(root) {
    root.querySelectorAll("[data-careplan-row]").forEach(function (row) {
      var toggle = row.querySelector("input[type=checkbox][name$=included]");
      if (!toggle) { return; }
      var update = function () { row.classList.toggle("careplan-row-off", !toggle.checked); };
      toggle.addEventListener("change", update);
      update();
    });
  }

  function init(root) {
    root.querySelectorAll("[data-scale]").forEach(function (scale) {
      scale.addEventListener("change", function () { scaleTotals(scale); });
      scaleTotals(scale);
    });
    wireNoteForm(root);
    wireTransitionForm(root);
    wireReferralForm(root);
    wireCarePlan(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
}());
