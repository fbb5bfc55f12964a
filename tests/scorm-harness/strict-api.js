// StrictScormHarness: an independent, strict LMS-side SCORM runtime API, used only by tests.
//
// written from the SCORM 1.2 RTE (the CMI data model and the API error codes 0, 101, 201, 202,
// 203, 301, 401-405) and the SCORM 2004 4th edition RTE (error codes 0-408, the data model's
// access, data types, vocabularies, ranges and collection rules). it shares no code with
// scorm-again, which the platform's own player uses: tests load an exported SCO under this API
// instead to show the SCO keeps to the specifications rather than to one library's leniencies.
//
// usage, in a page or a node:vm context:
//   var session = StrictScormHarness.install(window, { version: "1.2" | "2004", initial: {...} });
//   ... the SCO runs against window.API (1.2) or window.API_1484_11 (2004) ...
//   session.calls, session.errors, session.warnings, session.committed, session.data, session.state
//
// leniencies it refuses (each answered "false" or "" with the specification's error code):
//   - any argument that is not a string (numbers, booleans, undefined): 201. LMSInitialize(),
//     Initialize(), LMSFinish() and Terminate() with no argument, or anything but "", are 201.
//   - calls out of state: 1.2 301 before LMSInitialize and after LMSFinish, 101 for a second
//     LMSInitialize; 2004 122/132/142/112 before Initialize, 123/133/143/113 after Terminate,
//     103 for a second Initialize and 104 for Initialize after Terminate.
//   - elements it does not know (401), 2004 elements it knows but does not implement (402),
//     keywords on elements that have no children or count (1.2 202/203, 2004 301), setting
//     a keyword (1.2 402, 2004 404), writing read-only elements and reading write-only ones.
//   - values of the wrong type, outside their vocabulary or range (1.2 405, 2004 406/407):
//     "not attempted" is not the SCO's to set in 1.2, score.raw/min/max are 0-100 in 1.2,
//     CMITimespan and ISO 8601 durations and timestamps are checked field by field, numbers in
//     exponent form ("1e-7") are refused, CMIString255/4096 are hard limits in 1.2.
//   - 2004 GetValue of an element that was never set (cmi.location, cmi.score.raw, ...): 403.
//   - 2004 collections: an index past _count (get 301, set 351), a new entry whose first value
//     is not its id (408), a learner_response or correct_responses pattern before the
//     interaction's type (408), an objective id used twice in one collection (351).
//   - 2004 values longer than the element's smallest permitted maximum (cmi.location 1000,
//     cmi.suspend_data 64000, descriptions 250, identifiers 4000): 351 by default. the
//     specification only promises the LMS keeps that many characters; install with
//     { spm: "store" } to keep the value and note it in session.warnings instead.
//   - GetErrorString/GetDiagnostic with a parameter that is not a string return "" and are
//     listed in session.errors (flagged misuse: true) though they leave the last error alone.
(function (root) {
  "use strict";

  function hasOwn(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function copyOf(object) {
    var out = {};
    for (var key in object) if (hasOwn(object, key)) out[key] = object[key];
    return out;
  }

  // ------------------------------------------------------------------------------------------
  // error codes and their short strings

  var STRINGS_12 = {
    0: "No error",
    101: "General exception",
    201: "Invalid argument error",
    202: "Element cannot have children",
    203: "Element not an array - cannot have count",
    301: "Not initialized",
    401: "Not implemented error",
    402: "Invalid set value, element is a keyword",
    403: "Element is read only",
    404: "Element is write only",
    405: "Incorrect Data Type",
  };

  var STRINGS_2004 = {
    0: "No Error",
    101: "General Exception",
    102: "General Initialization Failure",
    103: "Already Initialized",
    104: "Content Instance Terminated",
    111: "General Termination Failure",
    112: "Termination Before Initialization",
    113: "Termination After Termination",
    122: "Retrieve Data Before Initialization",
    123: "Retrieve Data After Termination",
    132: "Store Data Before Initialization",
    133: "Store Data After Termination",
    142: "Commit Before Initialization",
    143: "Commit After Termination",
    201: "General Argument Error",
    301: "General Get Failure",
    351: "General Set Failure",
    391: "General Commit Failure",
    401: "Undefined Data Model Element",
    402: "Unimplemented Data Model Element",
    403: "Data Model Element Value Not Initialized",
    404: "Data Model Element Is Read Only",
    405: "Data Model Element Is Write Only",
    406: "Data Model Element Type Mismatch",
    407: "Data Model Element Value Out Of Range",
    408: "Data Model Dependency Not Established",
  };

  // which code each kind of failure gets in each version. 1.2 has no codes for uninitialised
  // values, collection indexes or dependencies: it has no collections here, and an element
  // nobody set reads as "" there
  var CODES_12 = {
    getBeforeInit: "301",
    getAfterTerm: "301",
    setBeforeInit: "301",
    setAfterTerm: "301",
    commitBeforeInit: "301",
    commitAfterTerm: "301",
    termBeforeInit: "301",
    termAfterTerm: "301",
    initTwice: "101",
    initAfterTerm: "101",
    argument: "201",
    getEmpty: "201",
    setEmpty: "201",
    undefinedElement: "401",
    unimplemented: "401",
    readOnly: "403",
    writeOnly: "404",
    keywordSet: "402",
    noChildren: "202",
    noCount: "203",
    noVersion: "401",
    type: "405",
    range: "405",
    getIndex: "401",
    setIndex: "401",
    dependency: "401",
    unique: "405",
    spm: "405",
    notInitialized: null,
  };

  var CODES_2004 = {
    getBeforeInit: "122",
    getAfterTerm: "123",
    setBeforeInit: "132",
    setAfterTerm: "133",
    commitBeforeInit: "142",
    commitAfterTerm: "143",
    termBeforeInit: "112",
    termAfterTerm: "113",
    initTwice: "103",
    initAfterTerm: "104",
    argument: "201",
    // "data model element not specified" and the other scorm extension error conditions:
    // 301 for GetValue, 351 for SetValue
    getEmpty: "301",
    setEmpty: "351",
    undefinedElement: "401",
    unimplemented: "402",
    readOnly: "404",
    writeOnly: "405",
    keywordSet: "404",
    noChildren: "301",
    noCount: "301",
    noVersion: "301",
    type: "406",
    range: "407",
    getIndex: "301",
    setIndex: "351",
    dependency: "408",
    unique: "351",
    spm: "351",
    notInitialized: "403",
  };

  // ------------------------------------------------------------------------------------------
  // data types. a check returns null when the value is good, else { kind: "type" | "range",
  // detail }

  function bad(kind, detail) {
    return { kind: kind, detail: detail };
  }

  // a plain decimal number: optional minus, digits, optional fraction. no "+", no exponent,
  // no spaces, no "5."
  var DECIMAL = /^-?(\d+(\.\d+)?|\.\d+)$/;

  function isDecimal(value) {
    return DECIMAL.test(value);
  }

  function anyString() {
    return null;
  }

  function vocabulary(words) {
    return function (value) {
      for (var i = 0; i < words.length; i++) if (words[i] === value) return null;
      return bad("type", JSON.stringify(value) + " is not one of " + JSON.stringify(words));
    };
  }

  function real(value) {
    return isDecimal(value) ? null : bad("type", JSON.stringify(value) + " is not a real number");
  }

  function realBetween(min, max) {
    return function (value) {
      if (!isDecimal(value)) return bad("type", JSON.stringify(value) + " is not a real number");
      var n = parseFloat(value);
      if (n < min || n > max) return bad("range", value + " is outside " + min + ".." + max);
      return null;
    };
  }

  // 1.2 CMIDecimal or CMIBlank, 0..100 (the score elements)
  function score12(value) {
    if (value === "") return null;
    if (!isDecimal(value)) return bad("type", JSON.stringify(value) + " is not a CMIDecimal");
    var n = parseFloat(value);
    if (n < 0 || n > 100) return bad("range", value + " is outside 0..100");
    return null;
  }

  // 1.2 CMIString255 / CMIString4096: hard limits in 1.2
  function cmiString(max) {
    return function (value) {
      if (value.length > max) return bad("type", "longer than " + max + " characters (" + value.length + ")");
      return null;
    };
  }

  // 1.2 CMITimespan: HHHH:MM:SS.SS, 2 to 4 digits of hours, exactly 2 of minutes and of seconds,
  // an optional fraction of 1 or 2 digits
  var TIMESPAN = /^\d{2,4}:([0-5]\d):([0-5]\d)(\.\d{1,2})?$/;

  function timespan(value) {
    return TIMESPAN.test(value)
      ? null
      : bad("type", JSON.stringify(value) + " is not a CMITimespan (HHHH:MM:SS.SS)");
  }

  // 2004 timeinterval (second,10,2): P[yY][mM][dD][T[hH][nM][s[.s]S]], at least one value after
  // P, T only with a time value after it, at most 2 digits of fraction on the seconds only
  var DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$/;

  function duration(value) {
    var m = DURATION.exec(value);
    var message = JSON.stringify(value) + " is not a timeinterval (e.g. PT1H2M3.5S)";
    if (!m) return bad("type", message);
    var hasDate = m[1] !== undefined || m[2] !== undefined || m[3] !== undefined;
    var hasTime = m[4] !== undefined || m[5] !== undefined || m[6] !== undefined;
    if (!hasDate && !hasTime) return bad("type", message);
    if (value.indexOf("T") !== -1 && !hasTime) return bad("type", message);
    return null;
  }

  // 2004 time (second,10,0): YYYY[-MM[-DD[Thh[:mm[:ss[.s[TZD]]]]]]], years 1970-2038, at most
  // 2 digits of fraction, and a time zone designator only after the fraction
  var TIMESTAMP =
    /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.\d{1,2}(Z|[+-](\d{2})(?::(\d{2}))?)?)?)?)?)?)?)?$/;

  function timestamp(value) {
    var m = TIMESTAMP.exec(value);
    var message = JSON.stringify(value) + " is not a SCORM 2004 time (YYYY-MM-DDThh:mm:ss.s[TZD])";
    if (!m) return bad("type", message);
    var year = +m[1];
    if (year < 1970 || year > 2038) return bad("type", message);
    if (m[2] !== undefined) {
      var month = +m[2];
      if (month < 1 || month > 12) return bad("type", message);
      if (m[3] !== undefined) {
        var day = +m[3];
        var days = new Date(Date.UTC(year, month, 0)).getUTCDate();
        if (day < 1 || day > days) return bad("type", message);
      }
    }
    if (m[4] !== undefined && +m[4] > 23) return bad("type", message);
    if (m[5] !== undefined && +m[5] > 59) return bad("type", message);
    if (m[6] !== undefined && +m[6] > 59) return bad("type", message);
    if (m[8] !== undefined && +m[8] > 23) return bad("type", message);
    if (m[9] !== undefined && +m[9] > 59) return bad("type", message);
    return null;
  }

  // identifiers (long 4000, short 250): a URI as RFC 3986 allows, so at least not empty and
  // without spaces or characters a URI may not carry
  var IDENTIFIER = /^[^\s<>"{}|\\^`]+$/;

  function identifier(spm) {
    return function (value) {
      if (!IDENTIFIER.test(value))
        return bad("type", JSON.stringify(value) + " is not an identifier (a URI)");
      if (value.length > spm) return { kind: "spm", detail: "identifier longer than " + spm };
      return null;
    };
  }

  var shortId = identifier(250);
  var longId = identifier(4000);

  // localized_string_type: an optional {lang=xx} delimiter, then the text
  var LANG = /^\{lang=([A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)?\}/;

  function localized(value) {
    if (value.indexOf("{lang=") === 0 && !LANG.test(value)) {
      return bad("type", JSON.stringify(value) + " has a malformed {lang=} delimiter");
    }
    return null;
  }

  function navRequest(value) {
    var simple = ["continue", "previous", "exit", "exitAll", "abandon", "abandonAll", "suspendAll", "_none_"];
    for (var i = 0; i < simple.length; i++) if (simple[i] === value) return null;
    if (/^\{target=[^\s{}]+\}(choice|jump)$/.test(value)) return null;
    return bad("type", JSON.stringify(value) + " is not a navigation request");
  }

  var INTERACTION_TYPES = [
    "true-false",
    "choice",
    "fill-in",
    "long-fill-in",
    "likert",
    "matching",
    "performance",
    "sequencing",
    "numeric",
    "other",
  ];

  function idList(value, allowEmpty) {
    if (value === "") return allowEmpty;
    var parts = value.split("[,]");
    for (var i = 0; i < parts.length; i++) {
      if (shortId(parts[i])) return false;
      for (var j = 0; j < i; j++) if (parts[j] === parts[i]) return false;
    }
    return true;
  }

  // learner_response, checked against the interaction's type where the format is simple
  function learnerResponse(value, context) {
    var type = context.interactionType;
    var ok = true;
    if (type === "true-false") ok = value === "true" || value === "false";
    else if (type === "choice") ok = idList(value, true);
    else if (type === "sequencing") ok = idList(value, false);
    else if (type === "likert") ok = !shortId(value);
    else if (type === "numeric") ok = isDecimal(value);
    else if (type === "matching") {
      var pairs = value.split("[,]");
      for (var i = 0; i < pairs.length && ok; i++) {
        var pair = pairs[i].split("[.]");
        ok = pair.length === 2 && !shortId(pair[0]) && !shortId(pair[1]);
      }
    }
    return ok ? null : bad("type", JSON.stringify(value) + " is not a " + type + " response");
  }

  function correctPattern(value, context) {
    var type = context.interactionType;
    var ok = true;
    if (type === "true-false") ok = value === "true" || value === "false";
    else if (type === "choice") ok = idList(value, true);
    else if (type === "numeric") {
      var range = value.split("[:]");
      ok =
        range.length === 1
          ? isDecimal(value)
          : range.length === 2 &&
            (range[0] === "" || isDecimal(range[0])) &&
            (range[1] === "" || isDecimal(range[1]));
    }
    return ok ? null : bad("type", JSON.stringify(value) + " is not a " + type + " pattern");
  }

  function result(value) {
    if (value === "correct" || value === "incorrect" || value === "unanticipated" || value === "neutral")
      return null;
    if (isDecimal(value)) return null;
    return bad("type", JSON.stringify(value) + " is not an interaction result");
  }

  // ------------------------------------------------------------------------------------------
  // the data models, as trees. a leaf has an access ("ro", "rw", "wo"), a check for SetValue
  // and options; a group has named children; a collection holds numbered records

  function leaf(access, check, options) {
    var node = { kind: "leaf", access: access, check: check || anyString };
    if (options) for (var key in options) if (hasOwn(options, key)) node[key] = options[key];
    return node;
  }

  function group(children, childrenList) {
    return { kind: "group", children: children, childrenList: childrenList || null };
  }

  function collection(children, childrenList, idName) {
    return {
      kind: "collection",
      record: { kind: "record", children: children },
      childrenList: childrenList,
      idName: idName,
    };
  }

  // a part of the 2004 data model this harness does not implement; `known` says which paths
  // under it the data model defines (402), anything else is undefined (401)
  function unimplemented(known) {
    return { kind: "unimplemented", known: known };
  }

  function model12() {
    var ro = function () {
      return leaf("ro");
    };
    return group({
      cmi: group({
        core: group(
          {
            student_id: ro(),
            student_name: ro(),
            lesson_location: leaf("rw", cmiString(255)),
            credit: ro(),
            lesson_status: leaf("rw", vocabulary(["passed", "completed", "failed", "incomplete", "browsed"])),
            entry: ro(),
            score: group(
              { raw: leaf("rw", score12), min: leaf("rw", score12), max: leaf("rw", score12) },
              "raw,min,max",
            ),
            total_time: ro(),
            lesson_mode: ro(),
            exit: leaf("wo", vocabulary(["time-out", "suspend", "logout", ""])),
            session_time: leaf("wo", timespan),
          },
          "student_id,student_name,lesson_location,credit,lesson_status,entry,score,total_time,lesson_mode,exit,session_time",
        ),
        suspend_data: leaf("rw", cmiString(4096)),
        launch_data: ro(),
        comments: leaf("rw", cmiString(4096)),
        comments_from_lms: ro(),
        student_data: group(
          { mastery_score: ro(), max_time_allowed: ro(), time_limit_action: ro() },
          "mastery_score,max_time_allowed,time_limit_action",
        ),
      }),
    });
  }

  function model2004() {
    var ro = function () {
      return leaf("ro");
    };
    var completion = vocabulary(["completed", "incomplete", "not attempted", "unknown"]);
    var success = vocabulary(["passed", "failed", "unknown"]);
    var score = function () {
      return group(
        {
          scaled: leaf("rw", realBetween(-1, 1)),
          raw: leaf("rw", real),
          min: leaf("rw", real),
          max: leaf("rw", real),
        },
        "scaled,raw,min,max",
      );
    };
    var comments = unimplemented(/^(_children|_count|\d+\.(comment|location|timestamp))$/);
    return group({
      cmi: group({
        comments_from_learner: comments,
        comments_from_lms: comments,
        completion_status: leaf("rw", completion),
        completion_threshold: ro(),
        credit: ro(),
        entry: ro(),
        exit: leaf("wo", vocabulary(["time-out", "suspend", "logout", "normal", ""])),
        interactions: collection(
          {
            id: leaf("rw", longId),
            type: leaf("rw", vocabulary(INTERACTION_TYPES)),
            // the specification defines _count for these two, but no _children
            objectives: collection({ id: leaf("rw", longId, { unique: true }) }, null, "id"),
            timestamp: leaf("rw", timestamp),
            correct_responses: collection(
              { pattern: leaf("rw", correctPattern, { needsType: true }) },
              null,
              "pattern",
            ),
            weighting: leaf("rw", real),
            learner_response: leaf("rw", learnerResponse, { needsType: true }),
            result: leaf("rw", result),
            latency: leaf("rw", duration),
            description: leaf("rw", localized, { spm: 250 }),
          },
          "id,type,objectives,timestamp,correct_responses,weighting,learner_response,result,latency,description",
          "id",
        ),
        launch_data: ro(),
        learner_id: ro(),
        learner_name: ro(),
        learner_preference: unimplemented(
          /^(_children|audio_level|language|delivery_speed|audio_captioning)$/,
        ),
        location: leaf("rw", anyString, { spm: 1000 }),
        max_time_allowed: ro(),
        mode: ro(),
        objectives: collection(
          {
            id: leaf("rw", longId, { unique: true, fixedOnceSet: true }),
            score: score(),
            success_status: leaf("rw", success),
            completion_status: leaf("rw", completion),
            progress_measure: leaf("rw", realBetween(0, 1)),
            description: leaf("rw", localized, { spm: 250 }),
          },
          "id,score,success_status,completion_status,progress_measure,description",
          "id",
        ),
        progress_measure: leaf("rw", realBetween(0, 1)),
        scaled_passing_score: ro(),
        score: score(),
        session_time: leaf("wo", duration),
        success_status: leaf("rw", success),
        suspend_data: leaf("rw", anyString, { spm: 64000 }),
        time_limit_action: ro(),
        total_time: ro(),
      }),
      adl: group({ nav: group({ request: leaf("rw", navRequest) }) }),
    });
  }

  // the values an LMS has before the SCO runs; the SCO's own elements start unset
  function defaults12() {
    return {
      "cmi.core.student_id": "learner-1",
      "cmi.core.student_name": "Learner, Test",
      "cmi.core.credit": "credit",
      "cmi.core.lesson_status": "not attempted",
      "cmi.core.total_time": "0000:00:00.00",
      "cmi.core.lesson_mode": "normal",
      "cmi.launch_data": "",
      "cmi.comments": "",
      "cmi.comments_from_lms": "",
      "cmi.student_data.mastery_score": "",
      "cmi.student_data.max_time_allowed": "",
      "cmi.student_data.time_limit_action": "",
    };
  }

  function defaults2004() {
    return {
      "cmi.learner_id": "learner-1",
      "cmi.learner_name": "Learner, Test",
      "cmi.credit": "credit",
      "cmi.mode": "normal",
      "cmi.completion_status": "unknown",
      "cmi.success_status": "unknown",
      "cmi.total_time": "PT0H0M0S",
      "cmi.time_limit_action": "continue,no message",
      "adl.nav.request": "_none_",
    };
  }

  // ------------------------------------------------------------------------------------------
  // element names

  var INDEX = /^(0|[1-9]\d*)$/;

  // walks an element name through the model. answers { status: "ok" | "undefined" |
  // "unimplemented", node, keyword, base, levels: [{ collection, path, index, rest }] }
  function resolve(model, element) {
    var parts = element.split(".");
    var keyword = null;
    if (parts.length > 1 && parts[parts.length - 1].charAt(0) === "_") keyword = parts.pop();
    var node = model;
    var levels = [];
    var path = "";
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i];
      if (node.kind === "collection") {
        if (!INDEX.test(part)) return { status: "undefined" };
        levels.push({ collection: node, path: path, index: +part, rest: parts.slice(i + 1).join(".") });
        node = node.record;
      } else if ((node.kind === "group" || node.kind === "record") && hasOwn(node.children, part)) {
        node = node.children[part];
      } else {
        return { status: "undefined" };
      }
      path = path ? path + "." + part : part;
      if (node.kind === "unimplemented") {
        var rest = parts.slice(i + 1);
        if (keyword) rest.push(keyword);
        return { status: node.known.test(rest.join(".")) ? "unimplemented" : "undefined" };
      }
    }
    if (keyword === null && node.kind !== "leaf") return { status: "undefined" };
    return { status: "ok", node: node, keyword: keyword, base: path, levels: levels };
  }

  // adl.nav.request_valid.*: read-only, and this LMS does no sequencing, so "unknown"
  function requestValid(element) {
    if (/^adl\.nav\.request_valid\.(continue|previous)$/.test(element)) return true;
    if (/^adl\.nav\.request_valid\.(choice|jump)\.\{target=[^\s{}]+\}$/.test(element)) return true;
    return false;
  }

  // ------------------------------------------------------------------------------------------

  function install(win, options) {
    if (!win || typeof win !== "object")
      throw new Error("StrictScormHarness.install: a window object is needed");
    options = options || {};
    var version = options.version;
    if (version !== "1.2" && version !== "2004") {
      throw new Error('StrictScormHarness.install: version must be "1.2" or "2004"');
    }
    var spmPolicy = options.spm === undefined ? "reject" : options.spm;
    if (spmPolicy !== "reject" && spmPolicy !== "store") {
      throw new Error('StrictScormHarness.install: spm must be "reject" or "store"');
    }
    var is12 = version === "1.2";
    var CODES = is12 ? CODES_12 : CODES_2004;
    var STRINGS = is12 ? STRINGS_12 : STRINGS_2004;
    var model = is12 ? model12() : model2004();
    var exitElement = is12 ? "cmi.core.exit" : "cmi.exit";
    var entryElement = is12 ? "cmi.core.entry" : "cmi.entry";
    var sessionTimeElement = is12 ? "cmi.core.session_time" : "cmi.session_time";

    var data = is12 ? defaults12() : defaults2004();
    // entries per collection path ("cmi.interactions", "cmi.interactions.0.objectives")
    var counts = {};
    var initial = options.initial || {};
    var previousExit = null;
    for (var key in initial) {
      if (!hasOwn(initial, key)) continue;
      var value = initial[key];
      if (typeof value !== "string")
        throw new Error("StrictScormHarness.install: initial " + key + " is not a string");
      // the exit of the session before this one: decides cmi.entry, and is not this session's
      if (key === exitElement) {
        previousExit = value;
        continue;
      }
      var found = resolve(model, key);
      if (found.status !== "ok" || found.keyword !== null || key === sessionTimeElement) {
        throw new Error("StrictScormHarness.install: " + key + " is not an element an LMS can start with");
      }
      data[key] = value;
      for (var l = 0; l < found.levels.length; l++) {
        var level = found.levels[l];
        counts[level.path] = Math.max(counts[level.path] || 0, level.index + 1);
      }
    }
    // no earlier session: "ab-initio"; after one that suspended: "resume"; after any other: ""
    if (!hasOwn(initial, entryElement)) {
      data[entryElement] = previousExit === null ? "ab-initio" : previousExit === "suspend" ? "resume" : "";
    }

    var session = {
      version: version,
      state: "not-initialized",
      calls: [],
      errors: [],
      warnings: [],
      committed: [],
      data: data,
    };

    var lastError = "0";
    // set by each api call as it runs
    var current = null;

    // both answer what the api function returns
    function fail(code, detail, returned) {
      current.error = code;
      current.detail = detail;
      lastError = code;
      return returned;
    }

    function succeed(returned) {
      current.error = "0";
      lastError = "0";
      return returned;
    }

    function warn(detail) {
      session.warnings.push({ fn: current.fn, args: current.args, warning: detail });
    }

    function call(fn, args, body) {
      current = { fn: fn, args: Array.prototype.slice.call(args), result: "", error: null };
      var entry = current;
      entry.result = body.apply(null, entry.args);
      session.calls.push(entry);
      if (entry.error !== null && entry.error !== "0") session.errors.push(entry);
      current = null;
      return entry.result;
    }

    function commit() {
      session.committed.push(copyOf(data));
    }

    // -------- session state

    function initialize(parameter) {
      if (session.state === "running") return fail(CODES.initTwice, "already initialised", "false");
      if (session.state === "terminated") return fail(CODES.initAfterTerm, "this session has ended", "false");
      if (parameter !== "") return fail(CODES.argument, 'the parameter must be "" exactly', "false");
      session.state = "running";
      return succeed("true");
    }

    function terminate(parameter) {
      if (session.state === "not-initialized")
        return fail(CODES.termBeforeInit, "not initialised yet", "false");
      if (session.state === "terminated") return fail(CODES.termAfterTerm, "already terminated", "false");
      if (parameter !== "") return fail(CODES.argument, 'the parameter must be "" exactly', "false");
      commit();
      session.state = "terminated";
      return succeed("true");
    }

    function commitCall(parameter) {
      if (session.state === "not-initialized")
        return fail(CODES.commitBeforeInit, "not initialised yet", "false");
      if (session.state === "terminated") return fail(CODES.commitAfterTerm, "already terminated", "false");
      if (parameter !== "") return fail(CODES.argument, 'the parameter must be "" exactly', "false");
      commit();
      return succeed("true");
    }

    // -------- data

    function countOf(path) {
      return counts[path] || 0;
    }

    function getValue(element) {
      if (session.state === "not-initialized") return fail(CODES.getBeforeInit, "not initialised yet", "");
      if (session.state === "terminated") return fail(CODES.getAfterTerm, "already terminated", "");
      if (typeof element !== "string") return fail(CODES.argument, "the element name is not a string", "");
      if (element === "") return fail(CODES.getEmpty, "no element named", "");
      if (!is12 && requestValid(element)) return succeed("unknown");
      var found = resolve(model, element);
      if (found.status === "undefined")
        return fail(CODES.undefinedElement, element + " is not defined here", "");
      if (found.status === "unimplemented")
        return fail(CODES.unimplemented, element + " is not implemented", "");
      for (var i = 0; i < found.levels.length; i++) {
        var level = found.levels[i];
        if (level.index >= countOf(level.path)) {
          return fail(CODES.getIndex, level.path + " has " + countOf(level.path) + " entries", "");
        }
      }
      var node = found.node;
      if (found.keyword === "_children") {
        if (node.childrenList) return succeed(node.childrenList);
        if (node.kind === "leaf" || node.kind === "collection") {
          return fail(CODES.noChildren, found.base + " has no children", "");
        }
        return fail(CODES.undefinedElement, element + " is not defined here", "");
      }
      if (found.keyword === "_count") {
        if (node.kind === "collection") return succeed(String(countOf(found.base)));
        return fail(CODES.noCount, found.base + " is not a collection", "");
      }
      if (found.keyword === "_version") {
        if (found.base === "cmi") return succeed(is12 ? "3.4" : "1.0");
        return fail(CODES.noVersion, found.base + " has no version", "");
      }
      if (found.keyword !== null) return fail(CODES.undefinedElement, element + " is not defined here", "");
      if (node.access === "wo") return fail(CODES.writeOnly, element + " is write-only", "");
      if (hasOwn(data, element)) return succeed(data[element]);
      if (CODES.notInitialized) return fail(CODES.notInitialized, element + " has no value yet", "");
      return succeed("");
    }

    function setValue(element, value) {
      if (session.state === "not-initialized")
        return fail(CODES.setBeforeInit, "not initialised yet", "false");
      if (session.state === "terminated") return fail(CODES.setAfterTerm, "already terminated", "false");
      if (typeof element !== "string")
        return fail(CODES.argument, "the element name is not a string", "false");
      if (typeof value !== "string") {
        return fail(CODES.argument, "the value is a " + typeof value + ", not a string", "false");
      }
      if (element === "") return fail(CODES.setEmpty, "no element named", "false");
      if (!is12 && requestValid(element)) return fail(CODES.readOnly, element + " is read-only", "false");
      var found = resolve(model, element);
      if (found.status === "undefined")
        return fail(CODES.undefinedElement, element + " is not defined here", "false");
      if (found.status === "unimplemented")
        return fail(CODES.unimplemented, element + " is not implemented", "false");
      if (found.keyword !== null) return fail(CODES.keywordSet, element + " is a keyword", "false");
      var node = found.node;
      if (node.access === "ro") return fail(CODES.readOnly, element + " is read-only", "false");

      // collections: an index at most _count; a new entry starts with its id
      var created = null;
      for (var i = 0; i < found.levels.length; i++) {
        var level = found.levels[i];
        var count = countOf(level.path);
        if (level.index > count) {
          return fail(
            CODES.setIndex,
            level.path + "." + level.index + " skips entries: _count is " + count,
            "false",
          );
        }
        if (level.index === count) {
          if (level.rest !== level.collection.idName) {
            var first = level.path + "." + level.index + "." + level.collection.idName;
            return fail(CODES.dependency, first + " must be set first", "false");
          }
          created = level;
        }
      }

      var context = { interactionType: null };
      if (node.needsType) {
        var typeElement = found.levels[0].path + "." + found.levels[0].index + ".type";
        if (!hasOwn(data, typeElement))
          return fail(CODES.dependency, typeElement + " must be set first", "false");
        context.interactionType = data[typeElement];
      }

      var problem = node.check(value, context);
      if (problem && problem.kind !== "spm")
        return fail(CODES[problem.kind], element + ": " + problem.detail, "false");
      if (!problem && node.spm && value.length > node.spm) {
        problem = { kind: "spm", detail: "longer than its smallest permitted maximum of " + node.spm };
      }
      if (problem) {
        var spmDetail = element + ": " + problem.detail + " (" + value.length + " characters)";
        if (spmPolicy === "reject") return fail(CODES.spm, spmDetail, "false");
        warn(spmDetail);
      }

      if (node.unique || node.fixedOnceSet) {
        var own = found.levels[found.levels.length - 1];
        if (node.fixedOnceSet && hasOwn(data, element) && data[element] !== value) {
          return fail(CODES.unique, element + " is already " + JSON.stringify(data[element]), "false");
        }
        for (var n = 0; n < countOf(own.path); n++) {
          if (n !== own.index && data[own.path + "." + n + ".id"] === value) {
            return fail(
              CODES.unique,
              own.path + "." + n + ".id is already " + JSON.stringify(value),
              "false",
            );
          }
        }
      }

      // scorm 1.2 strings are ASCII; other characters are kept, but noted
      if (is12 && /[^\x20-\x7e\t\r\n]/.test(value)) warn(element + ": characters outside printable ASCII");

      data[element] = value;
      if (created) counts[created.path] = created.index + 1;
      return succeed("true");
    }

    // -------- errors

    function getLastError() {
      return lastError;
    }

    // a bad parameter to the error functions: noted, though the last error stays as it was
    function misuse(detail) {
      current.error = CODES.argument;
      current.detail = detail;
      current.misuse = true;
      return "";
    }

    function getErrorString(code) {
      if (typeof code !== "string") return misuse("the error code is not a string");
      return hasOwn(STRINGS, code) ? STRINGS[code] : "";
    }

    function getDiagnostic(code) {
      if (typeof code !== "string") return misuse("the error code is not a string");
      if (code === "") code = lastError;
      return hasOwn(STRINGS, code) ? STRINGS[code] : "";
    }

    function api(names) {
      var bodies = [
        initialize,
        terminate,
        getValue,
        setValue,
        commitCall,
        getLastError,
        getErrorString,
        getDiagnostic,
      ];
      var out = {};
      names.forEach(function (name, i) {
        out[name] = function () {
          return call(name, arguments, bodies[i]);
        };
      });
      return out;
    }

    if (is12) {
      win.API = api([
        "LMSInitialize",
        "LMSFinish",
        "LMSGetValue",
        "LMSSetValue",
        "LMSCommit",
        "LMSGetLastError",
        "LMSGetErrorString",
        "LMSGetDiagnostic",
      ]);
    } else {
      win.API_1484_11 = api([
        "Initialize",
        "Terminate",
        "GetValue",
        "SetValue",
        "Commit",
        "GetLastError",
        "GetErrorString",
        "GetDiagnostic",
      ]);
    }
    return session;
  }

  root.StrictScormHarness = { install: install };
})(globalThis);
