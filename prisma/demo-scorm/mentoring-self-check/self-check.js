// a scorm 1.2 sco: five questions, answers kept in cmi.suspend_data (read straight after
// LMSInitialize, so a resume shows them at once), score and pass/fail at the mastery score.
(function () {
  "use strict";
  var QUESTIONS = [
    {
      id: "line-manager",
      text: "A registrar wants a mentor. What does the BMA guidance say about their line manager?",
      options: [
        ["a", "The line manager should be their mentor, as they know their work best"],
        [
          "b",
          "They should inform their line manager, but do not need permission, and the mentor should be separate from the line manager",
        ],
        ["c", "They need their line manager's written permission before approaching a mentor"],
      ],
      answer: "b",
    },
    {
      id: "confidentiality",
      text: "Why is confidentiality an important part of a mentoring relationship?",
      options: [
        ["a", "So that the mentee feels able to speak freely"],
        ["b", "Because mentoring notes form part of the appraisal record"],
        ["c", "Because mentoring is always a formal arrangement with the employer"],
      ],
      answer: "a",
    },
    {
      id: "skills",
      text: "Which of these is not one of the six skills the guidance lists for a mentor?",
      options: [
        ["a", "Probing"],
        ["b", "Clarifying"],
        ["c", "Diagnosing"],
        ["d", "Coaching"],
      ],
      answer: "c",
    },
    {
      id: "environment",
      text: "Does a mentor need a complete understanding of the mentee's working environment?",
      options: [
        ["a", "Yes, otherwise they cannot offer useful support"],
        ["b", "No, but they need to be skilled in the process of mentorship"],
      ],
      answer: "b",
    },
    {
      id: "schemes",
      text: "Who can tell a doctor whether there are existing mentor schemes in their area?",
      options: [
        ["a", "Their deanery"],
        ["b", "The General Medical Council"],
        ["c", "Their defence union"],
      ],
      answer: "a",
    },
  ];

  function findApi(win) {
    for (var i = 0; win && i < 10; i++) {
      if (win.API) return win.API;
      if (win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  var api = findApi(window);
  var started = new Date();
  var finished = false;
  var answers = {};

  if (api) {
    api.LMSInitialize("");
    // read at once, before anything else: the platform must have the saved data ready
    var saved = api.LMSGetValue("cmi.suspend_data");
    if (saved) {
      try {
        answers = JSON.parse(saved) || {};
      } catch {
        answers = {};
      }
    }
    if (api.LMSGetValue("cmi.core.lesson_status") === "not attempted") {
      api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    }
    if (api.LMSGetValue("cmi.core.entry") === "resume" && saved) {
      var note = document.getElementById("resume-note");
      note.textContent = "Welcome back: your earlier answers have been restored.";
      note.hidden = false;
    }
  }

  var form = document.getElementById("questions");
  QUESTIONS.forEach(function (q, n) {
    var fieldset = document.createElement("fieldset");
    var legend = document.createElement("legend");
    legend.textContent = n + 1 + ". " + q.text;
    fieldset.appendChild(legend);
    q.options.forEach(function (option) {
      var label = document.createElement("label");
      var input = document.createElement("input");
      input.type = "radio";
      input.name = q.id;
      input.value = option[0];
      input.checked = answers[q.id] === option[0];
      input.addEventListener("change", function () {
        answers[q.id] = option[0];
        save();
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + option[1]));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
  });

  function sessionTime() {
    var cs = Math.round((new Date() - started) / 10);
    var h = Math.floor(cs / 360000);
    var m = Math.floor((cs % 360000) / 6000);
    var s = (cs % 6000) / 100;
    function pad(x, width) {
      x = String(x);
      while (x.length < width) x = "0" + x;
      return x;
    }
    return pad(h, 4) + ":" + pad(m, 2) + ":" + pad(s.toFixed(2), 5);
  }

  function save() {
    if (!api || finished) return;
    api.LMSSetValue("cmi.suspend_data", JSON.stringify(answers));
    api.LMSSetValue("cmi.core.lesson_location", "q" + Object.keys(answers).length);
    api.LMSCommit("");
  }

  document.getElementById("submit").addEventListener("click", function () {
    var right = 0;
    QUESTIONS.forEach(function (q) {
      if (answers[q.id] === q.answer) right++;
    });
    var score = Math.round((right / QUESTIONS.length) * 100);
    var passed = score >= 80;
    document.getElementById("result").textContent =
      "You scored " +
      right +
      " out of " +
      QUESTIONS.length +
      ". " +
      (passed ? "You have passed." : "Read the introduction module again and try once more.");
    if (!api || finished) return;
    api.LMSSetValue("cmi.suspend_data", JSON.stringify(answers));
    api.LMSSetValue("cmi.core.score.min", "0");
    api.LMSSetValue("cmi.core.score.max", "100");
    api.LMSSetValue("cmi.core.score.raw", String(score));
    api.LMSSetValue("cmi.core.lesson_status", passed ? "passed" : "failed");
    api.LMSSetValue("cmi.core.session_time", sessionTime());
    api.LMSSetValue("cmi.core.exit", "");
    api.LMSCommit("");
    if (passed) {
      finished = true;
      api.LMSFinish("");
    }
  });

  window.addEventListener("pagehide", function () {
    if (!api || finished) return;
    finished = true;
    api.LMSSetValue("cmi.core.session_time", sessionTime());
    api.LMSSetValue("cmi.core.exit", "suspend");
    api.LMSFinish("");
  });
})();
