/*
 * samenspraak: what a person typed or chose reaches the kernel before the click after it.
 *
 * ipywidgets (8.1) keeps at most one state update per widget on its way to the kernel. Later
 * changes of that widget wait in its buffer (WidgetModel._msg_buffer) until the kernel says
 * it is idle after the one before. A button's click is a custom message and leaves at once.
 * So on a slow connection or a busy kernel, "type, then tap Opslaan" reached the kernel as:
 * the first letters, the click, the rest. The kernel saved the older text and the page said
 * "niet opgeslagen" for the newer one.
 *
 * This script sends every waiting update just before a custom message (a click) leaves,
 * the way ipywidgets sends it when the kernel is idle: send_sync_message, then
 * rememberLastUpdateFor, so the kernel's echo of it is not applied twice. A kernel handles
 * a page's messages in the order they arrive, so it has the last value when it saves.
 *
 * It patches WidgetModel's prototype on this page once the first widget model exists. If a
 * name it needs is missing (another ipywidgets), it changes nothing and says so in the
 * console. Loaded in the page's <head> by the "samenspraak" Voila template.
 */
(function () {
  "use strict";

  var POLL_MS = 50; // how often to look for the first widget model
  var GIVE_UP_MS = 600000; // a page without widgets after 10 minutes has other problems
  var NEEDED = ["sync", "send", "send_sync_message", "rememberLastUpdateFor"];

  var waiting = new Set(); // models with an update in their buffer
  var patched = false;

  function hasBuffer(model) {
    return model._msg_buffer !== null && model._msg_buffer !== undefined;
  }

  function sendWaiting() {
    waiting.forEach(function (model) {
      if (hasBuffer(model) && model.comm) {
        var msgId = model.send_sync_message(model._msg_buffer, model._msg_buffer_callbacks);
        model.rememberLastUpdateFor(msgId);
        model._msg_buffer = null;
        model._msg_buffer_callbacks = null;
      }
    });
    waiting.clear();
  }

  // The prototype that defines send_sync_message: WidgetModel's, shared by every model.
  function widgetModelPrototype(model) {
    var proto = Object.getPrototypeOf(model);
    while (proto && !Object.prototype.hasOwnProperty.call(proto, "send_sync_message")) {
      proto = Object.getPrototypeOf(proto);
    }
    return proto;
  }

  function patch(model) {
    if (patched || !model) return;
    patched = true;
    var proto = widgetModelPrototype(model);
    var missing = NEEDED.filter(function (name) {
      return !proto || typeof proto[name] !== "function";
    });
    if (missing.length || !("_msg_buffer" in model)) {
      if (window.console) console.warn("samenspraak: clicks not ordered; missing", missing);
      return;
    }
    var sync = proto.sync;
    var send = proto.send;
    proto.sync = function () {
      var result = sync.apply(this, arguments);
      if (hasBuffer(this)) waiting.add(this);
      return result;
    };
    proto.send = function () {
      try {
        sendWaiting();
      } catch (err) {
        if (window.console) console.warn("samenspraak:", err);
      }
      return send.apply(this, arguments);
    };
    document.documentElement.setAttribute("data-ss-in-order", "");
  }

  var started = Date.now();
  var timer = setInterval(function () {
    var app = window.jupyterapp;
    var manager = app && app.widgetManager;
    var models = manager && manager._models;
    var ids = models ? Object.keys(models) : [];
    if (ids.length) {
      clearInterval(timer);
      Promise.resolve(models[ids[0]]).then(patch, function () {});
    } else if (Date.now() - started > GIVE_UP_MS) {
      clearInterval(timer);
    }
  }, POLL_MS);
})();
