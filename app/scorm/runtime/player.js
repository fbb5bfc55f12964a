// the player wrapper, served from the content origin (never the platform's). it runs a real
// scorm-again api in this window, the sco's parent, so the standard api search finds it and
// GetValue answers at once from the learner's saved data. commits go to this origin with the
// launch token in the path; the platform page only hears short status messages.
//
// what it tells the platform page carries no text: an error is a code from a closed set that
// the page words itself (app/activities/scorm/player-messages.ts). the package's scripts share
// this window's origin and can make it post anything, so the page treats every message as a
// hint to ask the platform's server again, never as a fact.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("scorm-config").textContent);
  var is12 = config.version === "1.2";
  // the launch's last saved sequence number: a reloaded wrapper carries on after it
  var seq = typeof config.seq === "number" ? config.seq : 0;
  var unloading = false;
  var finished = false;
  // scorm's own error codes for a commit that did not save: 1.2 general exception, 2004
  // general commit failure
  var COMMIT_FAILED = is12 ? 101 : 391;

  function tell(message) {
    message.source = "scorm-player";
    message.itemId = config.itemId;
    try {
      window.parent.postMessage(message, config.appOrigin);
    } catch {
      // the platform page is gone; nothing to tell
    }
  }

  function failed(code, scormCode) {
    tell({ type: "error", code: code });
    return { result: "false", errorCode: scormCode || COMMIT_FAILED };
  }

  /** the closed set of reasons the platform page knows how to word */
  function errorCodeFor(status) {
    if (status === 0) return "connection";
    if (status === 401) return "session_ended";
    if (status === 409) return "superseded";
    if (status === 429) return "rate_limited";
    if (status >= 400 && status < 500) return "rejected";
    return "server";
  }

  function flattened() {
    var all = api.getFlattenedCMI();
    var out = {};
    Object.keys(all).forEach(function (key) {
      // empty collections come back as {}: only element values are data
      if (typeof all[key] === "string") out[key] = all[key];
    });
    var nav = navRequest();
    if (nav) out["adl.nav.request"] = nav;
    return out;
  }

  function navRequest() {
    var request = !is12 && api.adl && api.adl.nav ? String(api.adl.nav.request || "") : "";
    return request && request !== "_none_" ? request : null;
  }

  function beacon(body) {
    var ok = navigator.sendBeacon(config.commitUrl, new Blob([body], { type: "application/json" }));
    return { result: ok ? "true" : "false", errorCode: ok ? 0 : COMMIT_FAILED };
  }

  function send(useBeacon) {
    // a review or a preview: nothing is saved, and the sco is not told of a failure
    if (config.mode !== "normal") return { result: "true", errorCode: 0 };
    seq += 1;
    var body = JSON.stringify({ seq: seq, cmi: flattened() });
    if (useBeacon && navigator.sendBeacon) return beacon(body);
    var xhr = new XMLHttpRequest();
    try {
      // synchronous on purpose: Commit's return value tells the sco whether it was saved
      xhr.open("POST", config.commitUrl, false);
      xhr.setRequestHeader("Content-Type", "application/json");
      xhr.send(body);
    } catch {
      // browsers refuse synchronous requests while a page is closing (a sco finishing in its
      // beforeunload): the beacon still delivers the data
      if (navigator.sendBeacon) return beacon(body);
      return failed("connection");
    }
    var reply = {};
    try {
      reply = JSON.parse(xhr.responseText);
    } catch {
      reply = {};
    }
    if (xhr.status === 200 && reply.ok === true) {
      // applied: false means the server kept something else (a replay, or newer data from
      // another window of this launch): what the sco has now was not saved
      if (reply.applied !== true) return failed("not_applied");
      tell({ type: "status", satisfied: reply.satisfied === true });
      return { result: "true", errorCode: 0 };
    }
    // the data model's own code (e.g. 405) tells the sco which value was refused
    var first = reply.errors && reply.errors[0];
    var scormCode = first && typeof first.code === "number" ? first.code : 0;
    return failed(errorCodeFor(xhr.status === 200 ? 500 : xhr.status), scormCode);
  }

  var httpService = {
    processHttpRequest: function (_url, _params, immediate) {
      return send(immediate && unloading);
    },
    updateSettings: function () {},
  };

  var settings = {
    lmsCommitUrl: config.commitUrl,
    autocommit: false,
    logLevel: 5,
    httpService: httpService,
    sendFullCommit: true,
  };
  var api = is12 ? new window.Scorm12API(settings) : new window.Scorm2004API(settings);
  api.loadFromFlattenedJSON(config.data);

  if (is12) {
    // scorm 1.2 defines suspend_data as CMIString4096: a longer value is a data type error
    // (405), reported to the sco and never cut short
    var set12 = api.LMSSetValue.bind(api);
    var statusSet = false;
    api.LMSSetValue = function (element, value) {
      if (element === "cmi.suspend_data" && String(value).length > 4096) {
        api.lastErrorCode = "405";
        return "false";
      }
      if (element === "cmi.core.lesson_status") statusSet = true;
      return set12(element, value);
    };
    // scorm 1.2 rte 3.4.4: a sco that finishes without ever setting lesson_status is taken
    // as completed (scorm-again's own setting for this never fires: the status is
    // "not attempted" from the start)
    var finish12 = api.LMSFinish.bind(api);
    api.LMSFinish = function (parameter) {
      if (!statusSet && api.isInitialized() && api.cmi.core.lesson_status === "not attempted") {
        api.cmi.core.lesson_status = "completed";
      }
      return finish12(parameter);
    };
    api.on("LMSFinish", function () {
      finished = true;
      tell({ type: "finished", navRequest: null });
    });
    window.API = api;
  } else {
    api.on("Terminate", function () {
      finished = true;
      tell({ type: "finished", navRequest: navRequest() });
    });
    window.API_1484_11 = api;
  }

  window.addEventListener("pagehide", function () {
    unloading = true;
    // whatever the sco set since its last commit, so closing the tab loses nothing
    if (!finished && api.isInitialized()) send(true);
  });

  // the page sizes its frame to the content, so nothing (a Submit button) sits below a frame
  // that scrolls on its own. the sco is on this origin, so its height can be read; only a
  // number goes to the page, which keeps it within bounds. a sco whose height follows the
  // frame's (100vh plus a margin) would grow without end: after a few growths by the same
  // step, stop reporting.
  var frame = document.getElementById("sco");
  var reported = 0;
  var lastStep = 0;
  var sameSteps = 0;
  var lastAt = 0;
  var stopped = false;
  // the page may not be listening yet when the first size goes (a busy machine hydrates it
  // late): the same size is said again a few times after each load
  var repeats = 0;
  var lastTold = 0;
  // what the bottom of the lowest box falls short of the content's real height (margins,
  // overflowing descendants): learnt when a shrink had to grow back at once, so the frame
  // settles instead of going up and down
  var slack = 0;
  // the content's height. content taller than the frame: its scroll height. content that
  // fits: the scroll height is the frame's own, which would keep a frame as tall as the
  // longest page the sco showed (a single-page sco changes pages without a load), so the
  // bottom of the body's lowest box is the height
  function contentHeight(doc) {
    var all = Math.max(doc.documentElement.scrollHeight, doc.body ? doc.body.scrollHeight : 0);
    var win = doc.defaultView;
    if (!doc.body || !win || all > win.innerHeight + 1) return all;
    var bottom = 0;
    var kids = doc.body.children;
    for (var i = 0; i < kids.length; i++) {
      var style = win.getComputedStyle(kids[i]);
      if (style.position === "fixed" || style.display === "none") continue;
      var b = kids[i].getBoundingClientRect().bottom + (parseFloat(style.marginBottom) || 0);
      if (b > bottom) bottom = b;
    }
    if (bottom <= 0) return all;
    bottom += slack;
    var body = win.getComputedStyle(doc.body);
    bottom +=
      win.scrollY +
      (parseFloat(body.paddingBottom) || 0) +
      (parseFloat(body.borderBottomWidth) || 0) +
      (parseFloat(body.marginBottom) || 0);
    return Math.min(all, bottom);
  }

  function measure() {
    if (stopped) return;
    var doc;
    try {
      doc = frame.contentDocument;
    } catch {
      return;
    }
    if (!doc || !doc.documentElement) return;
    var height = Math.ceil(contentHeight(doc));
    var now = Date.now();
    if (Math.abs(height - reported) < 8) {
      if (reported > 0 && repeats < 8 && now - lastTold >= 2000) {
        repeats += 1;
        lastTold = now;
        tell({ type: "size", height: reported });
      }
      return;
    }
    var step = height - reported;
    if (step > 0 && step === -lastStep && now - lastAt < 1500) slack += step;
    // a loop grows (or shrinks: content sized in vh) at once after each resize; a learner's
    // clicks that add or remove content do not
    sameSteps = step === lastStep && now - lastAt < 1500 ? sameSteps + 1 : 0;
    lastStep = step;
    if (sameSteps >= 3) {
      stopped = true;
      return;
    }
    lastAt = now;
    reported = height;
    lastTold = now;
    tell({ type: "size", height: height });
  }
  // a change of the content's size is measured at once (a page that grows or shrinks while a
  // learner is about to tap something moves it), and every half second in any case
  var observer = null;
  frame.addEventListener("load", function () {
    reported = 0;
    slack = 0;
    lastStep = 0;
    sameSteps = 0;
    stopped = false;
    repeats = 0;
    if (observer) observer.disconnect();
    observer = null;
    try {
      var win = frame.contentWindow;
      var doc = frame.contentDocument;
      if (win && doc && doc.body && typeof win.ResizeObserver === "function") {
        observer = new win.ResizeObserver(function () {
          measure();
        });
        observer.observe(doc.documentElement);
        observer.observe(doc.body);
      }
    } catch {
      observer = null;
    }
    measure();
  });
  setInterval(measure, 500);

  frame.src = config.scoUrl;
})();
