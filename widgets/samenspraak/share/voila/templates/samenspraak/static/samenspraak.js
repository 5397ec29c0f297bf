/*
 * samenspraak: keeps a participant's page usable when the connection drops.
 *
 * Loaded in the page's <head>, before Voila's bundle, by the "samenspraak" Voila template.
 *  1. Waiting: removes the Dutch "even geduld" message (#ss-page-waiting, in the HTML)
 *     once the widgets are rendered.
 *  2. Lost connection: wraps window.WebSocket to watch the kernel socket
 *     (/api/kernels/<id>/channels). Closed and not reopened within LOST_AFTER_MS, or the
 *     browser goes offline: a banner (.ss-connection-lost, role="alert").
 *  3. Recovery: while the banner shows, asks <base url>samenspraak/alive every PROBE_MS.
 *     Any HTTP answer means the server is up. Up, but still no kernel socket after
 *     KERNEL_GONE_MS: the kernel is gone, so the page reloads (with back-off).
 *  4. Drafts: text typed in an exercise form (.ss-exercise-<id>) is kept in localStorage
 *     until the form shows a new .ss-ok status (saved), and is put back after a reload.
 * Nothing is sent anywhere except the alive probe. No framework, no build step.
 */
(function () {
  "use strict";

  var LOST_AFTER_MS = 2000; // a kernel socket closed this long: show the banner
  var PROBE_MS = 2500; // how often the server is asked while the banner shows
  var PROBE_TIMEOUT_MS = 5000; // a probe without an answer counts as "down"
  var KERNEL_GONE_MS = 5000; // server up, no kernel socket this long: reload
  var NO_SOCKET_MS = 15000; // page loaded, still no kernel socket made: treat as lost
  var HEALTHY_MS = 60000; // a kernel socket open this long ends the reload back-off
  var RELOAD_BACKOFF_MS = 15000; // after the 2nd quick reload: wait 15 s, 30 s, ... 5 min
  var RELOAD_BACKOFF_MAX_MS = 300000;
  var DRAFT_MAX_AGE_MS = 12 * 3600 * 1000;
  var SETTLE_MS = 500; // a form must exist this long before its drafts are put back
  var SCAN_MS = 200; // DOM changes are looked at no more often than this

  var RELOAD_KEY = "ss-reload";
  var DRAFT_PREFIX = "ss-drafts:";
  var DRAFT_KEY = DRAFT_PREFIX + location.pathname;
  var FIELDS = 'textarea, input[type="text"]';
  var FORM_CLASS = /^ss-exercise-(.+)$/;

  var TEXT = {
    lost:
      "De verbinding is even weg. Wat je typt blijft bewaard. " +
      "We proberen opnieuw te verbinden\u2026",
    offline:
      "Je telefoon heeft geen internet. Wat je typt blijft bewaard. " +
      "We verbinden opnieuw als het internet terug is.",
    back: "De verbinding is terug. Je pagina wordt opnieuw geladen\u2026",
    wait:
      "De verbinding is terug, maar je pagina werkt nog niet. " +
      "We proberen het zo nog een keer. Wat je typt blijft bewaard.",
  };

  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base-url")) || "/";
  if (base.charAt(base.length - 1) !== "/") base += "/";
  var ALIVE_URL = base + "samenspraak/alive";

  // Screen readers read the page in Dutch (the notebook template says "en").
  document.documentElement.setAttribute("lang", "nl");

  function now() {
    return Date.now();
  }

  function safely(fn) {
    return function () {
      try {
        return fn.apply(this, arguments);
      } catch (err) {
        if (window.console) console.warn("samenspraak:", err);
      }
    };
  }

  function readJSON(storage, key) {
    try {
      return JSON.parse(storage.getItem(key));
    } catch (err) {
      return null;
    }
  }

  function writeJSON(storage, key, value) {
    try {
      if (value === null) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(value));
    } catch (err) {
      // Private mode or a full storage: the page works, only without drafts.
    }
  }

  // ---------------------------------------------------------------- the kernel socket

  var openSockets = 0; // kernel sockets that are open right now
  var socketMade = false; // Voila's bundle made a kernel socket in this page
  var lostTimer = null;
  var healthyTimer = null;
  var leaving = false; // the page itself is being unloaded

  function isKernelSocket(url) {
    var text = String(url);
    return text.indexOf("/api/kernels/") >= 0 && text.indexOf("/channels") >= 0;
  }

  function watchSocket(ws) {
    var isOpen = false;
    socketMade = true;
    ws.addEventListener(
      "open",
      safely(function () {
        isOpen = true;
        openSockets += 1;
        connected();
      })
    );
    ws.addEventListener(
      "close",
      safely(function () {
        if (isOpen) {
          isOpen = false;
          openSockets -= 1;
        }
        if (openSockets === 0) maybeLost();
      })
    );
  }

  var NativeWebSocket = window.WebSocket;
  if (NativeWebSocket) {
    // Jupyter's client makes a new socket for every (re)connection: watch them all.
    var WatchedWebSocket = function (url, protocols) {
      var ws =
        protocols === undefined
          ? new NativeWebSocket(url)
          : new NativeWebSocket(url, protocols);
      try {
        if (isKernelSocket(url)) watchSocket(ws);
      } catch (err) {
        // Never break the socket itself.
      }
      return ws;
    };
    WatchedWebSocket.prototype = NativeWebSocket.prototype;
    ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
      WatchedWebSocket[name] = NativeWebSocket[name];
    });
    window.WebSocket = WatchedWebSocket;
  }

  // ---------------------------------------------------------------- the banner

  var banner = null;

  function showBanner(text) {
    if (leaving) return;
    if (!document.body) {
      document.addEventListener("DOMContentLoaded", function () {
        if (probing) showBanner(text);
      });
      return;
    }
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "ss-connection-lost";
      banner.setAttribute("role", "alert");
      banner.setAttribute("aria-live", "assertive");
      document.body.appendChild(banner);
    }
    if (banner.textContent !== text) banner.textContent = text;
  }

  function hideBanner() {
    if (banner && banner.parentNode) banner.parentNode.removeChild(banner);
    banner = null;
  }

  // ---------------------------------------------------------------- lost and found

  var probing = false;
  var probeTimer = null;
  var upSince = null; // when the server answered again while no kernel socket was open

  function maybeLost() {
    if (lostTimer !== null || openSockets > 0 || leaving) return;
    lostTimer = setTimeout(
      safely(function () {
        lostTimer = null;
        if (openSockets === 0) lost(TEXT.lost);
      }),
      LOST_AFTER_MS
    );
  }

  function lost(text) {
    if (leaving) return;
    saveDrafts();
    showBanner(text);
    if (!probing) {
      probing = true;
      upSince = null;
      scheduleProbe(PROBE_MS);
    }
  }

  function connected() {
    clearTimeout(lostTimer);
    lostTimer = null;
    stopProbing();
    hideBanner();
    clearTimeout(healthyTimer);
    healthyTimer = setTimeout(function () {
      if (openSockets > 0) writeJSON(sessionStorage, RELOAD_KEY, null);
    }, HEALTHY_MS);
  }

  function stopProbing() {
    probing = false;
    upSince = null;
    clearTimeout(probeTimer);
    probeTimer = null;
  }

  function scheduleProbe(delay) {
    clearTimeout(probeTimer);
    probeTimer = setTimeout(safely(probe), delay);
  }

  // Resolves true when the server gives any HTTP answer (even 404), false on a network error.
  function ask() {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) controller.abort();
    }, PROBE_TIMEOUT_MS);
    return fetch(ALIVE_URL, {
      cache: "no-store",
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined,
    }).then(
      function () {
        clearTimeout(timer);
        return true;
      },
      function () {
        clearTimeout(timer);
        return false;
      }
    );
  }

  function probe() {
    probeTimer = null;
    if (!probing) return;
    ask().then(
      safely(function (up) {
        if (!probing) return;
        if (openSockets > 0) {
          connected(); // Jupyter's client reconnected by itself
          return;
        }
        if (up && !socketMade && document.readyState !== "complete") {
          // Voila is still sending the page (it was offline a moment): let it finish.
          stopProbing();
          hideBanner();
          return;
        }
        if (!up) {
          upSince = null;
          showBanner(navigator.onLine === false ? TEXT.offline : TEXT.lost);
        } else if (upSince === null) {
          upSince = now();
        } else if (now() - upSince >= KERNEL_GONE_MS) {
          reloadPage();
        }
        if (probing) scheduleProbe(PROBE_MS);
      })
    );
  }

  function reloadPage() {
    var last = readJSON(sessionStorage, RELOAD_KEY);
    var count = last && typeof last.count === "number" ? last.count : 0;
    var wait =
      count === 0
        ? 0
        : Math.min(RELOAD_BACKOFF_MS * Math.pow(2, count - 1), RELOAD_BACKOFF_MAX_MS);
    if (last && now() - last.at < wait) {
      showBanner(TEXT.wait); // reloaded a moment ago: no loop, try again later
      return;
    }
    showBanner(TEXT.back);
    saveDrafts();
    writeJSON(sessionStorage, RELOAD_KEY, { at: now(), count: count + 1 });
    stopProbing();
    leaving = true;
    location.reload();
  }

  window.addEventListener(
    "offline",
    safely(function () {
      lost(TEXT.offline);
    })
  );
  window.addEventListener(
    "online",
    safely(function () {
      if (probing) {
        showBanner(TEXT.lost);
        scheduleProbe(0);
      }
    })
  );
  document.addEventListener(
    "visibilitychange",
    safely(function () {
      if (document.visibilityState !== "visible") {
        saveDrafts();
        return;
      }
      // A phone that wakes up: its socket may be closed, or open but dead.
      if (probing) scheduleProbe(0);
      else if (!socketMade) return; // the page is still being prepared
      else if (openSockets === 0) maybeLost();
      else
        ask().then(
          safely(function (up) {
            if (!up) lost(navigator.onLine === false ? TEXT.offline : TEXT.lost);
          })
        );
    })
  );
  window.addEventListener(
    "pagehide",
    safely(function () {
      saveDrafts();
      leaving = true;
    })
  );
  window.addEventListener(
    "pageshow",
    safely(function (event) {
      leaving = false;
      if (event.persisted && socketMade && openSockets === 0) maybeLost();
    })
  );

  // ---------------------------------------------------------------- drafts

  // {exerciseId: {index: value}}: text typed in this page and not yet saved.
  var draftsAt = 0; // when text was last typed: drafts older than DRAFT_MAX_AGE_MS go
  var drafts = loadDrafts();
  var restored = {}; // exercise ids whose drafts were put back in this load
  var firstSeen = {}; // exercise id -> when its form (with text fields) was first seen
  var typed = {}; // exercise id -> the .ss-ok element shown when text was last typed

  function loadDrafts() {
    var found = {};
    try {
      for (var i = localStorage.length - 1; i >= 0; i--) {
        var key = localStorage.key(i);
        if (key && key.indexOf(DRAFT_PREFIX) === 0) {
          var stored = readJSON(localStorage, key);
          var fresh = stored && stored.drafts && now() - stored.at < DRAFT_MAX_AGE_MS;
          if (!fresh) localStorage.removeItem(key);
          else if (key === DRAFT_KEY) {
            found = stored.drafts;
            draftsAt = stored.at;
          }
        }
      }
    } catch (err) {
      return {};
    }
    return found;
  }

  function saveDrafts() {
    var empty = true;
    for (var id in drafts) {
      if (Object.prototype.hasOwnProperty.call(drafts, id)) empty = false;
    }
    writeJSON(localStorage, DRAFT_KEY, empty ? null : { at: draftsAt, drafts: drafts });
  }

  function exerciseId(element) {
    var classes = element.classList;
    for (var i = 0; classes && i < classes.length; i++) {
      var match = FORM_CLASS.exec(classes[i]);
      if (match) return match[1];
    }
    return null;
  }

  function formOf(element) {
    for (var node = element; node && node.nodeType === 1; node = node.parentNode) {
      var id = exerciseId(node);
      if (id !== null) return { id: id, form: node };
    }
    return null;
  }

  function formsById() {
    var forms = {};
    var nodes = document.querySelectorAll('[class*="ss-exercise-"]');
    for (var i = 0; i < nodes.length; i++) {
      var id = exerciseId(nodes[i]);
      if (id !== null && !forms[id]) forms[id] = nodes[i];
    }
    return forms;
  }

  function textFields(form) {
    return Array.prototype.slice.call(form.querySelectorAll(FIELDS));
  }

  document.addEventListener(
    "input",
    safely(function (event) {
      var field = event.target;
      if (!field || !field.matches || !field.matches(FIELDS)) return;
      var found = formOf(field);
      if (!found) return;
      var index = textFields(found.form).indexOf(field);
      if (index < 0) return;
      if (!drafts[found.id]) drafts[found.id] = {};
      drafts[found.id][index] = field.value;
      draftsAt = now();
      typed[found.id] = found.form.querySelector(".ss-ok");
      saveDrafts();
    }),
    true
  );

  function matchesDraft(form, draft) {
    var fields = textFields(form);
    for (var index in draft) {
      if (!Object.prototype.hasOwnProperty.call(draft, index)) continue;
      var field = fields[Number(index)];
      if (field && field.value !== draft[index]) return false;
    }
    return true;
  }

  // A new .ss-ok status in a form typed in, holding the typed text: saved, drop the draft.
  function forgetSaved(forms) {
    var changed = false;
    for (var id in typed) {
      if (!Object.prototype.hasOwnProperty.call(typed, id)) continue;
      var form = forms[id];
      var ok = form && form.querySelector(".ss-ok");
      if (!ok || ok === typed[id]) continue;
      delete typed[id];
      if (drafts[id] && matchesDraft(form, drafts[id])) {
        delete drafts[id];
        changed = true;
      }
    }
    if (changed) saveDrafts();
  }

  // Puts the drafts back into forms that appeared, once per exercise per load.
  function restoreDrafts(forms) {
    var later = 0;
    for (var id in drafts) {
      if (!Object.prototype.hasOwnProperty.call(drafts, id) || restored[id]) continue;
      var form = forms[id];
      var fields = form ? textFields(form) : [];
      if (!fields.length) continue;
      if (!firstSeen[id]) firstSeen[id] = now();
      var age = now() - firstSeen[id];
      if (age < SETTLE_MS) {
        later = Math.max(later, SETTLE_MS - age);
        continue;
      }
      restored[id] = true;
      var draft = drafts[id];
      for (var index in draft) {
        if (!Object.prototype.hasOwnProperty.call(draft, index)) continue;
        var field = fields[Number(index)];
        if (!field || field.value === draft[index]) continue;
        field.value = draft[index];
        // The widget sends the value to the kernel on "input", as if it was typed.
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    if (later) scheduleScan(later + 20);
  }

  // ---------------------------------------------------------------- the waiting message

  var OUTPUT_SCRIPTS = "script[type='application/vnd.voila.cell-output+json']";
  var expectWidgets = false; // a cell output Voila streamed holds a widget

  function pageReady() {
    if (!expectWidgets) {
      var outputs = document.querySelectorAll(OUTPUT_SCRIPTS);
      for (var i = 0; i < outputs.length && !expectWidgets; i++) {
        expectWidgets = outputs[i].textContent.indexOf("widget-view+json") >= 0;
      }
    }
    var cells = document.getElementById("rendered_cells");
    if (!cells || cells.style.display === "none") return false;
    if (cells.querySelector(".jupyter-widgets")) return true;
    // A page without widgets is ready once Voila shows its cells.
    return !expectWidgets && document.readyState === "complete";
  }

  function hideWaiting() {
    var waiting = document.getElementById("ss-page-waiting");
    if (waiting && pageReady()) waiting.parentNode.removeChild(waiting);
  }

  // ---------------------------------------------------------------- watching the page

  var scanTimer = null;

  function scheduleScan(delay) {
    if (scanTimer !== null) return;
    scanTimer = setTimeout(
      safely(function () {
        scanTimer = null;
        scan();
      }),
      delay
    );
  }

  function hasWork() {
    for (var id in typed) {
      if (Object.prototype.hasOwnProperty.call(typed, id)) return true;
    }
    for (id in drafts) {
      if (Object.prototype.hasOwnProperty.call(drafts, id) && !restored[id]) return true;
    }
    return false;
  }

  // The trainer's dashboard: the open session goes into the address (?sessie=CODE), so a
  // reload (by hand, or after the server restarted) comes back to the same session.
  function keepSessionInAddress() {
    var shown = document.querySelector(".ss-session-header .ss-code[data-code]");
    if (!shown || !window.history || !history.replaceState) return;
    var code = shown.getAttribute("data-code");
    if (!/^[A-Z0-9]{1,16}$/.test(code)) return;
    var params = new URLSearchParams(location.search);
    if (params.get("sessie") === code && !params.has("token")) return;
    params.set("sessie", code);
    params.delete("token"); // logged in: a cookie keeps the trainer in from now on
    history.replaceState(null, "", location.pathname + "?" + params.toString());
  }

  function scan() {
    hideWaiting();
    keepSessionInAddress();
    if (!hasWork()) return;
    var forms = formsById();
    forgetSaved(forms);
    restoreDrafts(forms);
  }

  function watchPage() {
    new MutationObserver(function () {
      scheduleScan(SCAN_MS);
    }).observe(document.documentElement, { childList: true, subtree: true });
    scheduleScan(0);
  }

  if (window.MutationObserver) {
    if (document.documentElement) watchPage();
    // Voila's bundle turns the streamed outputs into widgets: look before it runs.
    document.addEventListener("DOMContentLoaded", safely(pageReady));
    window.addEventListener("load", function () {
      scheduleScan(0);
    });
  }

  // The page loaded but Voila's bundle never connected (the server stopped while it sent
  // the page): the page would wait for ever, so it counts as a lost connection.
  window.addEventListener("load", function () {
    setTimeout(
      safely(function () {
        if (!socketMade && !leaving) lost(TEXT.lost);
      }),
      NO_SOCKET_MS
    );
  });
})();
