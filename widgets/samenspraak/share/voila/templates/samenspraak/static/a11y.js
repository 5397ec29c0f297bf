/*
 * samenspraak: what ipywidgets 8 leaves out for screen readers and keyboards (WCAG 2.1 AA).
 *
 * Loaded in the page's <head> by the "samenspraak" Voila template; it watches the page with
 * a MutationObserver and, for every widget Voila draws (now or later):
 *  - toggle buttons (ToggleButtons): aria-pressed follows the chosen button (ipywidgets shows
 *    it only by a CSS class), the group gets role="group" and the question as its name;
 *  - radio buttons (RadioButtons): role="radiogroup" with the question as its name;
 *  - text fields, lists and sliders without a visible label: the question above them as their
 *    name (aria-labelledby), else their placeholder; fields in a widget with class
 *    ss-placeholder-names get the form's question (.ss-prompt) and their own placeholder;
 *  - sliders: aria-valuetext says the value and what the ends mean ("7 van 10; 0 = ...");
 *  - buttons that show only an arrow or an icon: their tooltip as their name;
 *  - status lines (widgets with class ss-live): role="status", aria-live="polite", so "opgeslagen",
 *    "niet opgeslagen" and the warnings about names or numbers are read out;
 *  - the participant's page (class ss-page): the header above <main> gets the workshop's
 *    title and the join state (from .ss-header-data in the join panel) and is shown.
 * The question "above" a control is the nearest text before it in its form: the last
 * element with class ss-prompt or ss-label, else the text of that widget, skipping warnings
 * and elements with class ss-aside. No framework, no build step.
 */
(function () {
  "use strict";

  var SCAN_MS = 60;
  var counter = 0;
  var SKIP = ".ss-warning, .ss-aside, .ss-counter, .ss-status, small";

  function setAttr(el, name, value) {
    if (value === null) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== value) {
      el.setAttribute(name, value);
    }
  }

  function idOf(el) {
    if (!el.id) el.id = "ss-a11y-" + ++counter;
    return el.id;
  }

  function text(el) {
    return (el.textContent || "").replace(/\s+/g, " ").trim();
  }

  function shown(el) {
    return !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  }

  // The part of a widget (or element) that names what follows it, or null.
  function namePart(el) {
    if (!shown(el) || el.matches(SKIP)) return null;
    var marked = el.querySelectorAll(".ss-prompt, .ss-label");
    for (var m = marked.length - 1; m >= 0; m--) {
      if (shown(marked[m]) && text(marked[m])) return marked[m];
    }
    var content = el.querySelector(".widget-html-content") || el;
    if (el.classList.contains("widget-html") || el.matches(".widget-html-content, p, h2, h3, h4, label, b")) {
      var parts = content.children;
      for (var i = parts.length - 1; i >= 0; i--) {
        if (!parts[i].matches(SKIP) && shown(parts[i]) && text(parts[i])) return parts[i];
      }
      if (!parts.length && text(content)) return content;
    }
    return null;
  }

  // The nearest text before ``el`` inside its form (or the join panel).
  function question(el) {
    var stop = el.closest(".ss-exercise, .ss-page, .jp-OutputArea-output");
    var node = el;
    while (node && node !== stop && node !== document.body) {
      for (var sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
        var found = namePart(sib);
        if (found) return found;
      }
      node = node.parentElement;
    }
    return null;
  }

  function visibleLabel(field) {
    var widget = field.closest(".widget-inline-hbox, .widget-inline-vbox");
    var label = widget && widget.querySelector(":scope > label.widget-label");
    return label && shown(label) && text(label) ? label : null;
  }

  function nameField(field, fallbackText) {
    if (field.getAttribute("aria-label") && !field.hasAttribute("data-ss-named")) return;
    // A hidden field is named once it shows: the question above it may be hidden too.
    if (!shown(field) && field.hasAttribute("aria-labelledby")) return;
    var label = visibleLabel(field);
    if (label) {
      setAttr(field, "aria-labelledby", idOf(label));
      return;
    }
    var q = question(field);
    // Several fields under one question (the word cloud's boxes): each its own name, the
    // form's question (.ss-prompt) with the field's placeholder ("Vakje 2: woord of korte zin").
    var own = field.closest(".ss-placeholder-names") && field.getAttribute("placeholder");
    var form = own && field.closest(".ss-exercise");
    var prompt = form && form.querySelector(".ss-prompt");
    if (prompt && shown(prompt) && text(prompt)) q = prompt;
    if (q && own) {
      field.setAttribute("data-ss-named", "");
      setAttr(field, "aria-labelledby", null);
      setAttr(field, "aria-label", text(q) + " " + own);
    } else if (q) {
      setAttr(field, "aria-labelledby", idOf(q));
    } else if (fallbackText) {
      field.setAttribute("data-ss-named", "");
      setAttr(field, "aria-label", fallbackText);
    }
  }

  function fixToggles(root) {
    var groups = root.querySelectorAll(".widget-toggle-buttons");
    for (var g = 0; g < groups.length; g++) {
      var group = groups[g];
      var box = group.querySelector(".btn-group") || group;
      setAttr(box, "role", "group");
      // ipywidgets 8 puts a group's own description in ``:scope > label.widget-label``.
      var own = group.querySelector(":scope > label.widget-label");
      if (own && !(shown(own) && text(own))) own = null;
      var q = own || visibleLabel(box) || question(group);
      if (q) setAttr(box, "aria-labelledby", idOf(q));
      var buttons = group.querySelectorAll("button");
      for (var b = 0; b < buttons.length; b++) {
        setAttr(buttons[b], "aria-pressed", String(buttons[b].classList.contains("mod-active")));
      }
    }
  }

  function fixRadios(root) {
    var groups = root.querySelectorAll(".widget-radio-box");
    for (var g = 0; g < groups.length; g++) {
      setAttr(groups[g], "role", "radiogroup");
      var q = visibleLabel(groups[g]) || question(groups[g].closest(".widget-radio") || groups[g]);
      if (q) setAttr(groups[g], "aria-labelledby", idOf(q));
    }
  }

  function fixFields(root) {
    var fields = root.querySelectorAll(
      ".jupyter-widgets textarea, .jupyter-widgets select, " +
        '.jupyter-widgets input:not([type="radio"]):not([type="checkbox"]):not([type="hidden"])'
    );
    for (var i = 0; i < fields.length; i++) {
      nameField(fields[i], fields[i].getAttribute("placeholder"));
    }
  }

  function fixSliders(root) {
    var handles = root.querySelectorAll('.widget-slider [role="slider"], .widget-hslider [role="slider"]');
    for (var i = 0; i < handles.length; i++) {
      var handle = handles[i];
      var widget = handle.closest(".widget-slider, .widget-hslider") || handle;
      nameField(handle, null);
      var line = widget.parentElement;
      var ends = [];
      if (line) {
        var asides = line.querySelectorAll(":scope > .ss-aside");
        for (var a = 0; a < asides.length; a++) ends.push(text(asides[a]));
      }
      var value = handle.getAttribute("aria-valuenow");
      var max = handle.getAttribute("aria-valuemax");
      var said;
      if (handle.closest(".ss-klik-untouched")) {
        said = "nog niet gekozen";
      } else {
        said = String(parseFloat(value)) + (max !== null ? " van " + String(parseFloat(max)) : "");
      }
      if (ends.length) said += "; " + ends.join(", ");
      setAttr(handle, "aria-valuetext", said);
    }
  }

  // A button that shows only an arrow or an icon ("↑", "↓"): its tooltip is its name.
  function fixButtons(root) {
    var buttons = root.querySelectorAll("button[title]");
    for (var i = 0; i < buttons.length; i++) {
      var title = buttons[i].getAttribute("title");
      var own = text(buttons[i]);
      if (title && title !== "null" && !/[0-9A-Za-z\u00C0-\u024F]/.test(own)) {
        setAttr(buttons[i], "aria-label", title);
      }
    }
  }

  function fixLive(root) {
    var live = root.querySelectorAll(".ss-live");
    for (var i = 0; i < live.length; i++) {
      setAttr(live[i], "role", "status");
      setAttr(live[i], "aria-live", "polite");
      // The line inside is drawn anew on each change; the widget around it stays, so it is
      // the live region, and the line's own role="status" would only announce it twice.
      var inner = live[i].querySelectorAll('[role="status"]');
      for (var j = 0; j < inner.length; j++) setAttr(inner[j], "role", null);
    }
  }

  function fixHeader() {
    // The dashboard scrolls as a page too (page.css), not inside Voila's box.
    if (document.querySelector(".ss-dashboard")) document.body.classList.add("ss-trainer");
    var header = document.getElementById("ss-site-header");
    var page = document.querySelector(".ss-page");
    if (!header || !page) return;
    var data = page.querySelector(".ss-header-data");
    if (!data) return;
    var title = document.getElementById("ss-site-title");
    var state = document.getElementById("ss-site-state");
    var joined = page.querySelector(".ss-joined[data-state]");
    var selfStudy = page.querySelector(".ss-self-study-banner");
    var now = joined
      ? joined.getAttribute("data-state")
      : selfStudy && shown(selfStudy)
        ? data.getAttribute("data-self-study")
        : data.getAttribute("data-state");
    if (title.textContent !== data.getAttribute("data-title")) {
      title.textContent = data.getAttribute("data-title");
    }
    if (state.textContent !== now) state.textContent = now || "";
    if (header.hidden) header.hidden = false;
    document.body.classList.add("ss-participant");
  }

  // Voila's front end moves the cells into its shell (#main): that is the main landmark now,
  // not the loading area the template marked.
  function fixMain(root) {
    var shell = root.closest(".jp-LabShell");
    var loading = document.getElementById("ss-main");
    if (!shell || !loading || loading.contains(root)) return;
    setAttr(loading, "role", null);
    setAttr(shell, "role", "main");
    setAttr(root, "tabindex", "-1"); // the skip link's target takes the focus
  }

  function fixAll() {
    var root = document.getElementById("rendered_cells");
    if (!root) return;
    fixMain(root);
    fixToggles(root);
    fixRadios(root);
    fixFields(root);
    fixSliders(root);
    fixButtons(root);
    fixLive(root);
    fixHeader();
  }

  var timer = null;
  function schedule() {
    if (timer !== null) return;
    timer = setTimeout(function () {
      timer = null;
      try {
        fixAll();
      } catch (err) {
        if (window.console) console.warn("samenspraak a11y:", err);
      }
    }, SCAN_MS);
  }

  if (window.MutationObserver) {
    new MutationObserver(schedule).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ["class", "aria-valuenow", "style", "title"],
    });
    window.addEventListener("load", schedule);
  }
  // For tests: run now, without waiting for the next change.
  window.ssA11yFix = fixAll;
})();
