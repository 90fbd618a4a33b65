/* Kompanjong: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // Error summary (or a confirmation): move focus to it so screen readers read it first.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]") || document.querySelector("[data-notice]");
    if (summary) { summary.focus(); }
  }

  // Read aloud: only offered when the device has a voice for the page's language.
  function setUpReadAloud() {
    var button = document.querySelector("[data-read-aloud]");
    var synth = window.speechSynthesis;
    if (!button || !synth || typeof SpeechSynthesisUtterance === "undefined") { return; }
    var lang = (document.documentElement.lang || "nb").toLowerCase();
    var wanted = lang === "nb" || lang === "nn" ? ["nb", "no", "nn"] : [lang];
    function voiceFor() {
      var voices = synth.getVoices();
      for (var i = 0; i < voices.length; i++) {
        var code = (voices[i].lang || "").toLowerCase().split(/[-_]/)[0];
        if (wanted.indexOf(code) !== -1) { return voices[i]; }
      }
      return null;
    }
    function update() { button.hidden = !voiceFor(); }
    update();
    if (typeof synth.addEventListener === "function") { synth.addEventListener("voiceschanged", update); }
    button.addEventListener("click", function () {
      if (synth.speaking) {
        synth.cancel();
        button.textContent = button.getAttribute("data-label-start");
        return;
      }
      var main = document.getElementById("main");
      var utterance = new SpeechSynthesisUtterance(main ? main.innerText : document.body.innerText);
      utterance.voice = voiceFor();
      utterance.lang = utterance.voice ? utterance.voice.lang : lang;
      utterance.onend = function () { button.textContent = button.getAttribute("data-label-start"); };
      button.textContent = button.getAttribute("data-label-stop");
      synth.speak(utterance);
    });
  }

  // Session expiry: warn before it happens and let the user continue without reloading,
  // so nothing typed on the page is lost.
  function setUpSessionWarning() {
    var body = document.body;
    var seconds = parseInt(body.getAttribute("data-session-seconds") || "0", 10);
    var warning = parseInt(body.getAttribute("data-session-warning-seconds") || "0", 10);
    var dialog = document.querySelector("[data-session-dialog]");
    if (!seconds || !dialog || typeof dialog.showModal !== "function") { return; }
    var timer = null;
    function schedule() {
      if (timer) { window.clearTimeout(timer); }
      timer = window.setTimeout(function () { dialog.showModal(); }, Math.max(seconds - warning, 1) * 1000);
    }
    function keepAlive() {
      var token = document.querySelector("input[name=csrfmiddlewaretoken]");
      var request = new XMLHttpRequest();
      request.open("POST", body.getAttribute("data-keepalive-url"));
      request.setRequestHeader("X-CSRFToken", token ? token.value : "");
      request.onload = function () {
        // On failure the dialog stays open: reloading would throw away what was typed.
        if (request.status === 204) { dialog.close(); schedule(); return; }
        var expired = dialog.querySelector("[data-session-expired]");
        if (expired) { expired.hidden = false; expired.focus(); }
      };
      request.send();
    }
    dialog.querySelector("[data-session-continue]").addEventListener("click", keepAlive);
    // Escape closes a modal dialog; treat it as "continue" rather than a silent dismissal.
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); keepAlive(); });
    schedule();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    setUpReadAloud();
    setUpSessionWarning();
  });
})();
